/**
 * Runtime prerequisites loaded before anything else: the DTO classes of `@jiebang/contracts` use
 * class-transformer's `@Type()`, which calls `Reflect.getMetadata` when the classes are defined.
 */
import 'reflect-metadata';
