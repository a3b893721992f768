import { IngestionSchema1764430000000 } from './1764430000000-ingestion-schema';

export const ingestionMigrations = [IngestionSchema1764430000000];
