import type { ValidationError } from 'class-validator';
import type { FieldError } from './app-error';

/** Flattens class-validator's tree into one entry per field path, e.g. `items.0.quantity`. */
export function validationErrorsToFields(errors: ValidationError[], parent = ''): FieldError[] {
  const out: FieldError[] = [];
  for (const error of errors) {
    const field = parent === '' ? error.property : `${parent}.${error.property}`;
    if (error.constraints !== undefined) {
      out.push({ field, messages: Object.values(error.constraints) });
    }
    if (error.children !== undefined && error.children.length > 0) {
      out.push(...validationErrorsToFields(error.children, field));
    }
  }
  return out;
}
