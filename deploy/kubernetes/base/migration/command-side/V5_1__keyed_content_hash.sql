-- The content hash becomes an HMAC under the person's data key ("h1:<key version>:<hex>"), so it
-- is destroyed with the key on erasure; rows kept before stay a bare 64-hex SHA-256.
alter table event_id_index alter column content_hash type varchar(100);
