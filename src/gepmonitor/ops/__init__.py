"""Operations: `gep doctor`, health checks of an instance's set-up."""
