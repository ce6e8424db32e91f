-- An auditor's stated purpose is sealed under the person's data key (cj-enc:v2:...), longer than
-- the 500 characters it may have in plain.
alter table access_log alter column purpose type text;
