"""Pure indicator functions over the canonical snapshot frame (Polars in, Polars out)."""
