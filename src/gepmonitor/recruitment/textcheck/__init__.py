"""The vacancy text checker: gender-coded words, exclusionary phrasing and readability."""
