import { ApiProperty, ApiPropertyOptional, PickType } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsOptional } from 'class-validator';
import { CHANNELS } from '@banli/domain';
import { CaseProposerDto, ProposalSessionDto } from '../proposals/proposal.dto';

const toBoolean = ({ value }: { value: unknown }) => {
  if (typeof value !== 'string') return value;
  const v = value.trim().toLowerCase();
  if (['true', '1', 'yes', '是', '会间'].includes(v)) return true;
  if (['false', '0', 'no', '否', '会后', '闭会'].includes(v)) return false;
  return value;
};

/** The session a list belongs to: sent as multipart fields beside the file. */
export class ImportSessionDto extends ProposalSessionDto {
  @ApiPropertyOptional({ default: true, description: 'true 会间 / false 闭会期间 (also 1/0, 是/否)' })
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean()
  duringSession?: boolean;
}

export class ImportQueryDto {
  @ApiPropertyOptional({
    default: true,
    description: 'true（默认）只检查不登记，返回逐行报告；false 提交导入，立即返回 202 和导入任务',
  })
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean()
  dryRun?: boolean;
}

/** The multipart body, for the OpenAPI document. */
export const IMPORT_BODY_SCHEMA = {
  type: 'object',
  required: ['file', 'jurisdiction', 'channel', 'term', 'session'],
  properties: {
    file: {
      type: 'string',
      format: 'binary',
      description:
        '.xlsx 或 .csv（UTF-8，可带 BOM；或 GBK/GB18030），不超过 10 MB、5000 行。首行（或前 10 行中的表头行）为列名：' +
        '编号、标题/案由、提出人/领衔人、联名人/附议人、类别、内容/正文、主办单位/建议主办单位、会办单位/协办单位（英文 number, title, proposers, ' +
        'cosigners, category, content, lead unit, co-handling units 亦可）。多个人名或单位用 、，, ; 或换行分隔，第一位提出人为领衔人。',
    },
    jurisdiction: { type: 'string', example: 'cn-national' },
    channel: { type: 'string', enum: [...CHANNELS] },
    term: { type: 'integer', example: 8, description: '届' },
    session: { type: 'integer', example: 6, description: '次' },
    duringSession: { type: 'boolean', default: true, description: '会间 true / 闭会期间 false' },
  },
};

class UnitPickDto {
  @ApiProperty() id: string;
  @ApiProperty() code: string;
  @ApiProperty() name: string;
}

class UnitSuggestionDto extends UnitPickDto {
  @ApiProperty({ nullable: true, type: String }) shortName: string | null;
  @ApiProperty({ description: '相似度 0–1' }) score: number;
}

export class ImportIssueDto {
  @ApiProperty({ enum: ['error', 'warning', 'info'], description: 'error 阻止导入；warning、info 不阻止' })
  severity: string;
  @ApiProperty({
    example: 'UNKNOWN_UNIT',
    description:
      'error: MISSING_COLUMN, MISSING_NUMBER, NUMBER_MALFORMED, DUPLICATE_NUMBER_IN_FILE, NUMBER_TAKEN, MISSING_TITLE, TITLE_TOO_LONG, ' +
      'MISSING_PROPOSERS, PROPOSER_NAME_TOO_LONG, TOO_MANY_PROPOSERS, CATEGORY_TOO_LONG, CONTENT_TOO_LONG, UNKNOWN_UNIT, AMBIGUOUS_UNIT, ' +
      'INVALID_VALUE; warning: NUMBER_NORMALIZED, DUPLICATE_PROPOSER, SEVERAL_LEAD_UNITS, LEAD_ALSO_CO, DUPLICATE_CO_UNIT, ' +
      'CO_UNITS_WITHOUT_LEAD, REGISTERED_DETAILS_DIFFER; info: ALREADY_REGISTERED, EXTRA_COLUMN, DUPLICATE_COLUMN, OPTIONAL_COLUMN_ABSENT',
  })
  code: string;
  @ApiProperty({
    nullable: true,
    type: Number,
    description: 'Excel 中的行号（表头所在行计入）；null 指整个文件',
  })
  row: number | null;
  @ApiProperty({ nullable: true, type: String, description: '文件中的列名' }) column: string | null;
  @ApiProperty({ nullable: true, type: String, example: 'C5' }) cell: string | null;
  @ApiProperty({ nullable: true, type: String }) field: string | null;
  @ApiProperty({
    example: '第5行“主办单位”：未找到单位“市教委”（按名称、简称、代码查找），是否为：市教育局 (unknown unit)',
  })
  message: string;
  @ApiPropertyOptional() value?: string;
  @ApiPropertyOptional({ type: [UnitSuggestionDto], description: '相近的单位' })
  suggestions?: UnitSuggestionDto[];
  @ApiPropertyOptional({ description: '已登记案件的编号 (case id)' }) existingId?: string;
  @ApiPropertyOptional({ description: '编号首次出现的行' }) firstRow?: number;
}

class ReportProposerDto extends PickType(CaseProposerDto, ['name', 'kind'] as const) {}

class ReportRowDto {
  @ApiProperty() row: number;
  @ApiProperty({
    enum: ['new', 'unchanged', 'invalid'],
    description: 'new 将登记；unchanged 已登记，不变；invalid 有错误',
  })
  status: string;
  @ApiProperty() number: string;
  @ApiProperty() title: string;
  @ApiProperty({ nullable: true, type: String }) existingId: string | null;
  @ApiProperty({ type: [ReportProposerDto], description: '第一位为领衔人' }) proposers: ReportProposerDto[];
  @ApiProperty({ type: [UnitPickDto] }) leadUnits: UnitPickDto[];
  @ApiProperty({ type: [UnitPickDto] }) coUnits: UnitPickDto[];
  @ApiProperty() errors: number;
  @ApiProperty() warnings: number;
}

class ReportCountsDto {
  @ApiProperty({ description: '数据行数' }) rows: number;
  @ApiProperty({ description: '将新登记' }) new: number;
  @ApiProperty({ description: '已登记，不变' }) unchanged: number;
  @ApiProperty({ description: '有错误的行' }) invalid: number;
  @ApiProperty() errors: number;
  @ApiProperty() warnings: number;
  @ApiProperty() infos: number;
}

/** The uploaded file as the check read it. */
class ImportFileInfoDto {
  @ApiProperty({ example: '代表建议汇总.xlsx' }) name: string;
  @ApiProperty({ enum: ['xlsx', 'csv'] }) kind: 'xlsx' | 'csv';
  @ApiProperty({ nullable: true, type: String, description: 'CSV 的文字编码；.xlsx 为 null' })
  encoding: string | null;
  @ApiProperty({ nullable: true, type: String, description: '读取的工作表；CSV 为 null' }) sheet:
    string | null;
  @ApiProperty({ description: '表头所在的行号（Excel 行号）' }) headerRow: number;
  @ApiProperty() sha256: string;
  @ApiProperty({ description: '字节数' }) size: number;
}

/** The session a list belongs to, as the report and the job give it back. */
class ImportSessionInfoDto extends ProposalSessionDto {
  @ApiProperty({ description: 'true 会间 / false 闭会期间' }) duringSession: boolean;
}

class ImportColumnDto {
  @ApiProperty({ example: 'title', description: '字段' }) field: string;
  @ApiProperty({ example: '案由', description: '文件中的列名' }) header: string;
  @ApiProperty({ example: 'C', description: '列字母' }) column: string;
}

export class ImportReportDto {
  @ApiProperty() dryRun: boolean;
  @ApiProperty({ description: '没有错误，可以提交' }) ok: boolean;
  @ApiProperty({ type: ImportFileInfoDto }) file: ImportFileInfoDto;
  @ApiProperty({ type: ImportSessionInfoDto }) session: ImportSessionInfoDto;
  @ApiProperty({ type: [ImportColumnDto], description: '识别出的列' }) columns: ImportColumnDto[];
  @ApiProperty({ type: ReportCountsDto }) counts: ReportCountsDto;
  @ApiProperty({ type: [ImportIssueDto] }) issues: ImportIssueDto[];
  @ApiProperty({ type: [ReportRowDto] }) rows: ReportRowDto[];
}

class JobRowDto {
  @ApiProperty() row: number;
  @ApiProperty() number: string;
  @ApiProperty() title: string;
  @ApiProperty({
    enum: ['pending', 'registered', 'unchanged', 'failed', 'invalid', 'skipped'],
    description: 'invalid：该行有错误；skipped：文件被拒绝，该行未登记',
  })
  status: string;
  @ApiProperty({ nullable: true, type: String }) caseId: string | null;
  @ApiProperty({ nullable: true, type: String }) message: string | null;
}

/** Why a job was refused or interrupted: a problem as the API answers one (code, detail and its details). */
class ImportJobProblemDto {
  @ApiProperty({
    example: 'IMPORT_HAS_ERRORS',
    description:
      'refused: IMPORT_HAS_ERRORS, IMPORT_NO_HEADER, IMPORT_NO_ROWS, IMPORT_TOO_MANY_ROWS, IMPORT_FILE_UNREADABLE, IMPORT_FILE_TOO_LARGE, IMPORT_UNSUPPORTED_FILE; interrupted: IMPORT_INTERRUPTED',
  })
  code: string;
  @ApiProperty() detail: string;
}

export class ImportJobDto {
  @ApiProperty() id: string;
  @ApiProperty({
    enum: ['running', 'completed', 'refused', 'interrupted'],
    description:
      'refused：检查未通过，未登记任何一行（见 problem；IMPORT_HAS_ERRORS 时附 report）；interrupted：导入工作流中断，重新上传同一文件即可继续',
  })
  status: string;
  @ApiProperty({
    enum: ['queued', 'checking', 'registering', 'done'],
    description: 'queued 等待工作进程 / checking 检查文件 / registering 逐件登记 / done 已结束',
  })
  phase: string;
  @ApiProperty() fileName: string;
  @ApiProperty() fileSha256: string;
  @ApiProperty({ type: ImportSessionInfoDto }) session: ImportSessionInfoDto;
  @ApiProperty({ description: '待登记及已登记的行数（检查完成前为 0）' }) total: number;
  @ApiProperty() done: number;
  @ApiProperty() registered: number;
  @ApiProperty() unchanged: number;
  @ApiProperty() failed: number;
  @ApiProperty() createdBy: string;
  @ApiProperty() createdAt: Date;
  @ApiProperty({ nullable: true, type: Date }) finishedAt: Date | null;
  @ApiPropertyOptional({ type: [JobRowDto], description: '逐行结果（列表接口不含）' }) rows?: JobRowDto[];
  @ApiPropertyOptional({ type: ImportJobProblemDto, description: 'refused / interrupted 的原因' })
  problem?: ImportJobProblemDto;
  @ApiPropertyOptional({
    type: ImportReportDto,
    description: '检查报告：因 IMPORT_HAS_ERRORS 被拒绝时（列表接口不含）',
  })
  report?: ImportReportDto;
  @ApiPropertyOptional({ description: '提示信息' }) hint?: string;
}

export class SuggestedUnitDto {
  @ApiProperty() unitId: string;
  @ApiProperty() code: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: ['lead', 'co'], description: 'lead 建议主办（多个为分办）/ co 建议会办' })
  role: string;
  @ApiProperty() position: number;
  @ApiProperty({ example: 'import:3f0c…' }) source: string;
}
