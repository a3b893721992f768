-- Each service owns its database (the services also create theirs if missing).
CREATE DATABASE po_sync_ingestion;
CREATE DATABASE po_sync_journal;
CREATE DATABASE po_sync_reconciliation;
CREATE DATABASE po_sync_resync;
CREATE DATABASE po_sync_query;
