-- The control database, created or brought up to date at every start (idempotent).
-- Enum values are plain text without check constraints, so that a new status never needs a
-- migration of existing rows.
CREATE TABLE IF NOT EXISTS destinations (
  id uuid PRIMARY KEY,
  name varchar(255) NOT NULL UNIQUE,
  type text NOT NULL,
  host text NOT NULL,
  port int NOT NULL,
  database_name text NOT NULL,
  user_name text NOT NULL,
  password_sealed text,
  schema_name text NOT NULL,
  table_prefix text NOT NULL,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL
);

CREATE TABLE IF NOT EXISTS pipelines (
  id uuid PRIMARY KEY,
  name varchar(255) NOT NULL UNIQUE,
  destination_id uuid NOT NULL,
  source_type text NOT NULL,
  api_key_sealed text NOT NULL,
  api_key_masked text NOT NULL,
  historical_sync_duration text NOT NULL,
  frequency text NOT NULL,
  status text NOT NULL,
  next_run_at timestamptz,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL
);

CREATE TABLE IF NOT EXISTS pipeline_objects (
  id uuid PRIMARY KEY,
  pipeline_id uuid NOT NULL,
  object text NOT NULL,
  mode text NOT NULL,
  status text NOT NULL,
  cursor_position timestamptz,
  historical_done boolean NOT NULL,
  last_run_at timestamptz,
  last_success_at timestamptz,
  rows_loaded_total bigint NOT NULL,
  UNIQUE (pipeline_id, object)
);
ALTER TABLE pipeline_objects ADD COLUMN IF NOT EXISTS historical_progress_pct float8 NOT NULL DEFAULT 0;
ALTER TABLE pipeline_objects ADD COLUMN IF NOT EXISTS requested_at timestamptz;
ALTER TABLE pipeline_objects ADD COLUMN IF NOT EXISTS last_full_sync_at timestamptz;

CREATE TABLE IF NOT EXISTS jobs (
  id uuid PRIMARY KEY,
  pipeline_id uuid NOT NULL,
  trigger text NOT NULL,
  status text NOT NULL,
  created_at timestamptz NOT NULL,
  started_at timestamptz NOT NULL,
  finished_at timestamptz,
  error text
);
CREATE INDEX IF NOT EXISTS jobs_pipeline_status ON jobs (pipeline_id, status);

CREATE TABLE IF NOT EXISTS job_objects (
  id uuid PRIMARY KEY,
  job_id uuid NOT NULL,
  object text NOT NULL,
  kind text NOT NULL,
  derived_from text,
  status text NOT NULL,
  slices_total int NOT NULL,
  slices_done int NOT NULL,
  records_extracted bigint NOT NULL,
  rows_loaded bigint NOT NULL,
  records_failed bigint NOT NULL,
  error text
);
ALTER TABLE job_objects ADD COLUMN IF NOT EXISTS rows_marked_deleted bigint NOT NULL DEFAULT 0;
CREATE INDEX IF NOT EXISTS job_objects_job ON job_objects (job_id);

CREATE TABLE IF NOT EXISTS slices (
  id uuid PRIMARY KEY,
  job_id uuid NOT NULL,
  job_object_id uuid NOT NULL,
  object text NOT NULL,
  ordinal int NOT NULL,
  kind text NOT NULL,
  window_field text,
  window_from timestamptz,
  window_to timestamptz,
  attempt int NOT NULL,
  state text NOT NULL,
  batches_expected int,
  batches_loaded int NOT NULL,
  records bigint NOT NULL,
  cursor_end timestamptz,
  issued_at timestamptz,
  lease_expires_at timestamptz,
  error text
);
CREATE INDEX IF NOT EXISTS slices_job ON slices (job_id);
CREATE INDEX IF NOT EXISTS slices_state_lease ON slices (state, lease_expires_at);

CREATE TABLE IF NOT EXISTS loaded_batches (
  batch_id uuid PRIMARY KEY,
  slice_id uuid NOT NULL,
  attempt int NOT NULL,
  seq int NOT NULL,
  object text NOT NULL,
  rows_upserted bigint NOT NULL,
  loaded_at timestamptz
);

CREATE TABLE IF NOT EXISTS deletion_sweeps (
  id uuid PRIMARY KEY,
  job_id uuid NOT NULL,
  job_object_id uuid NOT NULL,
  pipeline_id uuid NOT NULL,
  object text NOT NULL,
  seen_since timestamptz NOT NULL,
  state text NOT NULL,
  created_at timestamptz NOT NULL,
  rows_marked_deleted bigint NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS deletion_sweeps_job ON deletion_sweeps (job_id);

CREATE TABLE IF NOT EXISTS failed_records (
  id uuid PRIMARY KEY,
  pipeline_id uuid NOT NULL,
  job_id uuid NOT NULL,
  batch_id uuid NOT NULL,
  object text NOT NULL,
  record_id text,
  reason text NOT NULL,
  payload text,
  state text NOT NULL,
  failed_at timestamptz NOT NULL,
  replayed_at timestamptz
);
CREATE INDEX IF NOT EXISTS failed_records_pipeline_state ON failed_records (pipeline_id, state);

CREATE TABLE IF NOT EXISTS activity_log (
  id uuid PRIMARY KEY,
  at timestamptz NOT NULL,
  actor text NOT NULL,
  severity text NOT NULL,
  action text NOT NULL,
  pipeline_id uuid,
  detail text
);
CREATE INDEX IF NOT EXISTS activity_log_at ON activity_log (at);
CREATE INDEX IF NOT EXISTS activity_log_pipeline ON activity_log (pipeline_id, at);

CREATE TABLE IF NOT EXISTS api_tokens (
  id uuid PRIMARY KEY,
  name varchar(255) NOT NULL,
  role text NOT NULL,
  token_hash text NOT NULL UNIQUE,
  created_at timestamptz NOT NULL,
  created_by text NOT NULL
);

-- Check constraints an earlier, generated schema put on enum columns.
ALTER TABLE pipelines DROP CONSTRAINT IF EXISTS pipelines_status_check;
ALTER TABLE pipeline_objects DROP CONSTRAINT IF EXISTS pipeline_objects_mode_check;
ALTER TABLE pipeline_objects DROP CONSTRAINT IF EXISTS pipeline_objects_status_check;
ALTER TABLE jobs DROP CONSTRAINT IF EXISTS jobs_trigger_check;
ALTER TABLE jobs DROP CONSTRAINT IF EXISTS jobs_status_check;
ALTER TABLE job_objects DROP CONSTRAINT IF EXISTS job_objects_kind_check;
ALTER TABLE job_objects DROP CONSTRAINT IF EXISTS job_objects_status_check;
ALTER TABLE slices DROP CONSTRAINT IF EXISTS slices_kind_check;
ALTER TABLE slices DROP CONSTRAINT IF EXISTS slices_state_check;

-- Runs and reads of slices: the read that completed a slice, the resume point of a chunk that
-- continues another, and when the job last made progress (leases of slices waiting on loads).
ALTER TABLE slices ADD COLUMN IF NOT EXISTS read_id uuid;
ALTER TABLE slices ADD COLUMN IF NOT EXISTS resume text;
ALTER TABLE slices ADD COLUMN IF NOT EXISTS heartbeat_at timestamptz;
ALTER TABLE loaded_batches ADD COLUMN IF NOT EXISTS read_id uuid;
CREATE INDEX IF NOT EXISTS loaded_batches_slice ON loaded_batches (slice_id, attempt, read_id);
ALTER TABLE jobs ADD COLUMN IF NOT EXISTS last_progress_at timestamptz;

-- One owner per table: where a pipeline's tables live (host:port/database/schema/prefix of its
-- destination), unique so that two pipelines never write the same tables (docs/adr/0008).
-- Pipelines from before the rule: the oldest of each place owns it, the others stay without a key.
ALTER TABLE pipelines ADD COLUMN IF NOT EXISTS tables_key text;
UPDATE pipelines p SET tables_key = first.tables_key
  FROM (SELECT DISTINCT ON (k.tables_key) k.id, k.tables_key
          FROM (SELECT p2.id, p2.created_at,
                       lower(d.host) || ':' || d.port || '/' || d.database_name || '/'
                         || d.schema_name || '/' || d.table_prefix AS tables_key
                  FROM pipelines p2 JOIN destinations d ON d.id = p2.destination_id) k
         ORDER BY k.tables_key, k.created_at, k.id) first
 WHERE p.id = first.id AND p.tables_key IS NULL
   AND NOT EXISTS (SELECT 1 FROM pipelines owner WHERE owner.tables_key = first.tables_key);
CREATE UNIQUE INDEX IF NOT EXISTS pipelines_tables_key ON pipelines (tables_key);

-- Retention: finished jobs are pruned oldest first, the latest of each pipeline kept.
CREATE INDEX IF NOT EXISTS jobs_created ON jobs (created_at);
CREATE INDEX IF NOT EXISTS jobs_pipeline_created ON jobs (pipeline_id, created_at);

-- Sweeps by run and order-proof replays: a failed record keeps when its batch was read (its replay
-- writes that as __ingested_at); a full run's sweep finds its failed records by job and object.
ALTER TABLE failed_records ADD COLUMN IF NOT EXISTS extracted_at timestamptz;
CREATE INDEX IF NOT EXISTS failed_records_job_object ON failed_records (job_id, object);

-- Rate budgets per Klaviyo key: the key's fingerprint (HMAC under the master key, never the key),
-- computed at a pipeline's first dispatch, groups the reads in flight of every pipeline on one key.
ALTER TABLE pipelines ADD COLUMN IF NOT EXISTS api_key_fingerprint text;
CREATE INDEX IF NOT EXISTS pipelines_api_key_fingerprint ON pipelines (api_key_fingerprint);

-- TLS of destinations: rows from before the setting keep connecting as they did (plain), so running
-- pipelines survive the upgrade; an operator sets ssl_mode on each (scheduler README). The CA
-- certificate is sealed like the password.
ALTER TABLE destinations ADD COLUMN IF NOT EXISTS ssl_mode text NOT NULL DEFAULT 'disable';
ALTER TABLE destinations ADD COLUMN IF NOT EXISTS ca_certificate_sealed text;

-- Tokens: an optional expiry, the last use (to the minute) and unique names. Names made unique
-- before the index by suffixing the id of every later duplicate.
ALTER TABLE api_tokens ADD COLUMN IF NOT EXISTS expires_at timestamptz;
ALTER TABLE api_tokens ADD COLUMN IF NOT EXISTS last_used_at timestamptz;
UPDATE api_tokens t SET name = left(t.name, 200) || ' (' || t.id || ')'
  WHERE EXISTS (
    SELECT 1 FROM api_tokens o
    WHERE o.name = t.name AND (o.created_at, o.id) < (t.created_at, t.id));
CREATE UNIQUE INDEX IF NOT EXISTS api_tokens_name ON api_tokens (name);
