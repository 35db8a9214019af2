export { audit, auditFromTask, createAuditor, setAuditSink, toAuditLine } from './audit';
export type { AuditAction, AuditContext, AuditLine, AuditRecord, AuditResult, AuditSink, Auditor, AuditWriter } from './audit';
export { createAuditChannelSink, renderAuditLine } from './channel';
