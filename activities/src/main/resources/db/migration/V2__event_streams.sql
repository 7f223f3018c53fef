-- Events authored through :emit remember their idempotency key and a hash of the request, so the
-- same key with the same body returns the same event and with another body is refused.
ALTER TABLE events ADD COLUMN idempotency_key text;
ALTER TABLE events ADD COLUMN request_hash text;
