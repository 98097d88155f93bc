"""Evidence (证据): files in the content-addressed store with who / when / where / which device."""
