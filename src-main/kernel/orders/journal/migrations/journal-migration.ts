/** One step of the order journal's schema (orders.sqlite has its own numbering, kept in `user_version`). */
export interface JournalMigration {
  version: number;
  name: string;
  sql: string;
}
