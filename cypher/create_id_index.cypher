// Index a label's id so that loads and look-ups by id stay fast (embedded store).
CREATE INDEX FOR (n:__Label__) ON (n.id)
