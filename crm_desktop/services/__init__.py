"""The business rules and use cases. Take plain values and the acting user, return plain data."""
