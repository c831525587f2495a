import type { ValidationError } from 'class-validator';

/**
 * class-validator reports a missing field by every rule it fails ("customerEmail must be shorter
 * than or equal to 254 characters; customerEmail must be an email"), which sends a client looking
 * for the wrong mistake. A field that is absent (or null) and not optional gets one message
 * instead: "<field> is required". Unknown fields keep their own message, whatever their value.
 */
export function missingAsRequired(errors: ValidationError[]): ValidationError[] {
  return errors.map((error) => {
    const children = error.children?.length ? missingAsRequired(error.children) : error.children;
    const constraints = error.constraints;
    const missing =
      (error.value === undefined || error.value === null) &&
      constraints !== undefined &&
      !('whitelistValidation' in constraints);
    if (!missing)
      return Object.assign(Object.create(Object.getPrototypeOf(error)), error, { children });
    return Object.assign(Object.create(Object.getPrototypeOf(error)), error, {
      constraints: { isDefined: `${error.property} is required` },
      children: [],
    });
  });
}
