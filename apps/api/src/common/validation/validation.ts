/**
 * Input validation at the edge: the global ValidationPipe (whitelist, forbidNonWhitelisted, transform) turns
 * class-validator failures into one 422 whose `errors[]` name each field with a code from shared-types.
 * Custom rules are declared with `Rule(code, predicate)`, so the constraint name *is* the field error code.
 */
import { ValidationPipe, type ValidationError } from '@nestjs/common';
import { ValidateBy, type ValidationOptions } from 'class-validator';
import { FieldErrorCodes, isWithinPasswordMaxLength, type FieldError, type FieldErrorCode } from '@corpweb/shared-types';
import { AppException } from '../errors/app.exception.js';

const CODE_BY_CONSTRAINT: Record<string, FieldErrorCode> = {
  isDefined: 'REQUIRED',
  isNotEmpty: 'REQUIRED',
  whitelistValidation: 'UNKNOWN_FIELD',
  maxLength: 'TOO_LONG',
  arrayMaxSize: 'TOO_LONG',
  isString: 'INVALID_TYPE',
  isBoolean: 'INVALID_TYPE',
  isInt: 'INVALID_TYPE',
  isNumber: 'INVALID_TYPE',
  isObject: 'INVALID_TYPE',
  nestedValidation: 'INVALID_TYPE',
  unknownValue: 'INVALID_TYPE',
  isEmail: 'EMAIL_INVALID',
};

const KNOWN_CODES = new Set<string>(Object.values(FieldErrorCodes));

export function flattenValidationErrors(errors: ValidationError[], parent = ''): FieldError[] {
  const result: FieldError[] = [];
  for (const error of errors) {
    // field names come from the client: echo them back bounded
    const field = (parent ? `${parent}.${error.property}` : error.property).slice(0, 64);
    const constraints = Object.keys(error.constraints ?? {});
    if (constraints.length > 0) {
      // report the most basic problem first: missing, then wrong type, then the rule
      const ordered = constraints.sort((a, b) => rank(a) - rank(b));
      const constraint = ordered[0]!;
      const code = KNOWN_CODES.has(constraint) ? (constraint as FieldErrorCode) : (CODE_BY_CONSTRAINT[constraint] ?? 'INVALID_FORMAT');
      result.push({ field: field || 'body', code });
    }
    if (error.children?.length) result.push(...flattenValidationErrors(error.children, field));
  }
  return result;
}

function rank(constraint: string): number {
  if (constraint === 'whitelistValidation') return 0;
  if (constraint === 'isDefined' || constraint === 'isNotEmpty') return 1;
  if (CODE_BY_CONSTRAINT[constraint] === 'INVALID_TYPE') return 2;
  if (constraint === 'maxLength') return 3;
  return 4;
}

export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => AppException.validation(flattenValidationErrors(errors)),
  });
}

/** A custom rule whose failure is reported with `code`. */
export function Rule(code: FieldErrorCode, predicate: (value: unknown) => boolean, options?: ValidationOptions): PropertyDecorator {
  return ValidateBy({ name: code, validator: { validate: (value) => predicate(value), defaultMessage: () => code } }, options);
}

/**
 * Every password field: at most 64 characters, refused at the edge (422 PASSWORD_TOO_LONG) before the strength
 * estimator or argon2 sees it. A longer login password can never be right, so it is not counted as a failure.
 */
export function PasswordLength(options?: ValidationOptions): PropertyDecorator {
  return StringRule(FieldErrorCodes.PASSWORD_TOO_LONG, isWithinPasswordMaxLength, options);
}

/** `typeof value === 'string'` and a predicate on it. */
export function StringRule(code: FieldErrorCode, predicate: (value: string) => boolean, options?: ValidationOptions): PropertyDecorator {
  return Rule(code, (value) => typeof value === 'string' && predicate(value), options);
}
