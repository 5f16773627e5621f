import { registerDecorator, ValidationArguments, ValidationOptions } from 'class-validator';
import { validateUscc } from './uscc';

/**
 * class-validator decorator: the property must be a valid GB 32100-2015 USCC.
 * The failure message starts with the machine-readable code (`USCC_FORMAT`, `USCC_CATEGORY`,
 * `USCC_CHECKSUM`) followed by a Chinese explanation, e.g. `USCC_CHECKSUM: 统一社会信用代码校验位错误…`.
 */
export function IsUscc(options?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) => {
    registerDecorator({
      name: 'isUscc',
      target: target.constructor,
      propertyName: String(propertyName),
      options,
      validator: {
        validate(value: unknown): boolean {
          return typeof value === 'string' && validateUscc(value).valid;
        },
        defaultMessage(args: ValidationArguments): string {
          const r = validateUscc(String(args.value ?? ''));
          return r.valid ? '' : `${r.code}: ${r.message}`;
        },
      },
    });
  };
}
