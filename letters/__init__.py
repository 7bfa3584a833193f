"""What the organ says: letter kinds, document numbering, rendering and the letter store."""
