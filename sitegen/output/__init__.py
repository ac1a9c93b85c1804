"""Output: staging and the atomic swap, the link checker, publishing."""
