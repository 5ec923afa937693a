import {
  type ArgumentMetadata,
  BadRequestException,
  HttpStatus,
  ValidationError,
  ValidationPipe,
} from '@nestjs/common';
import { ValidateBy, type ValidationOptions } from 'class-validator';
import { BanliProblem, FieldError } from './problem';

/** The first number in a class-validator message ("… shorter than or equal to 64 characters"). */
const num = (en: string) => /(\d+)/.exec(en)?.[1] ?? '';

/** Chinese wording of class-validator's constraints, by constraint name; the English stays alongside. */
const ZH: Record<string, (en: string) => string> = {
  isNotEmpty: () => '不能为空',
  isNotBlank: () => '不能为空或只有空格',
  isDefined: () => '必须填写',
  isString: () => '须为文字',
  isEmail: () => '邮箱格式不正确',
  maxLength: (en) => `不能超过 ${num(en)} 个字符`,
  minLength: (en) => `至少 ${num(en)} 个字符`,
  isInt: () => '须为整数',
  isNumber: () => '须为数字',
  min: (en) => `不能小于 ${num(en)}`,
  max: (en) => `不能大于 ${num(en)}`,
  isPositive: () => '须为正数',
  isBoolean: () => '须为是或否（true/false）',
  isIn: () => '不是允许的取值',
  isEnum: () => '不是允许的取值',
  isUuid: () => '须为有效的编号（UUID）',
  isUUID: () => '须为有效的编号（UUID）',
  matches: () => '格式不正确',
  isDateString: () => '须为日期时间（ISO 8601）',
  isISO8601: () => '须为日期（YYYY-MM-DD 或 ISO 8601）',
  isArray: () => '须为列表',
  arrayNotEmpty: () => '至少填写一项',
  arrayMinSize: (en) => `至少 ${num(en)} 项`,
  arrayMaxSize: (en) => `最多 ${num(en)} 项`,
  isObject: () => '须为对象',
  nestedValidation: () => '内容有误',
  whitelistValidation: () => '不接受此字段',
};

/** Required text: not empty and not only spaces (a title of blanks is no title). */
export function NotBlank(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isNotBlank',
      validator: {
        validate: (v: unknown) => typeof v === 'string' && v.trim().length > 0,
        defaultMessage: (a) => `${a?.property} must not be empty or blank`,
      },
    },
    options,
  );
}

function flatten(errors: ValidationError[], prefix = ''): FieldError[] {
  return errors.flatMap((e) => {
    const field = prefix ? `${prefix}.${e.property}` : e.property;
    const own = Object.entries(e.constraints ?? {}).map(([name, message]) => ({
      field,
      message,
      messageZh: ZH[name]?.(message) ?? message,
    }));
    return [...own, ...flatten(e.children ?? [], field)];
  });
}

/**
 * A body declared as a DTO class must be a JSON object: an array (or a single value) would pass
 * class-validator unchecked (it validates an array's properties, of which there are none) and
 * reach the service as `[]`. Refused with 400 BODY_NOT_OBJECT before validation, on every route.
 */
class BanliValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (
      metadata.type === 'body' &&
      value !== undefined &&
      value !== null &&
      (typeof value !== 'object' || Array.isArray(value)) &&
      this.toValidate(metadata)
    )
      throw new BanliProblem(
        HttpStatus.BAD_REQUEST,
        'BODY_NOT_OBJECT',
        `请求内容须为 JSON 对象 {…}，收到的是${Array.isArray(value) ? '列表 [...]' : '单个值'} (the body must be a JSON object, not ${Array.isArray(value) ? 'an array' : typeof value})`,
      );
    return super.transform(value, metadata);
  }
}

/**
 * Whitelisting validation; a bad body answers 400 VALIDATION_FAILED with one entry per field
 * (`message` as class-validator words it, `messageZh` in Chinese) and a Chinese-first detail.
 * A body that is not a JSON object answers 400 BODY_NOT_OBJECT.
 */
export function validationPipe(): ValidationPipe {
  return new BanliValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    exceptionFactory: (errors) => {
      const list = flatten(errors);
      return new BadRequestException({
        code: 'VALIDATION_FAILED',
        detail:
          `请求内容有误：${list.map((e) => `${e.field} ${e.messageZh}`).join('；')}` +
          ` (invalid request: ${list.map((e) => e.message).join('; ')})`,
        errors: list,
      });
    },
  });
}
