export interface ReportingReportsTable {
  id: string;
  org_id: string;
  assessment_id: string;
  template: string;
  format: string;
  language: string;
  file_name: string;
  file_hash: string;
  data_hash: string;
  size: number;
  narrative: string;
  created_by: string;
  created_at: string;
}

export interface ReportingNarrativesTable {
  org_id: string;
  input_hash: string;
  model: string;
  content: string;
  created_at: string;
}

export interface ReportingTables {
  reporting_reports: ReportingReportsTable;
  reporting_narratives: ReportingNarrativesTable;
}

declare module '../../../../persistence/database.js' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface Database extends ReportingTables {}
}
