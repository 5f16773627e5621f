import { INestApplication, RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA, ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum';
import { ModulesContainer } from '@nestjs/core';
import type { OpenAPIObject } from '@nestjs/swagger';
import {
  AchievementType,
  ApplicationStatus,
  DealStatus,
  Field,
  IpType,
  ListingKind,
  ListingStatus,
  OrgType,
  ResultType,
  Role,
  StaffRole,
} from '@jiebang/contracts';
import { generatePluginMetadata } from '../../apps/api/src/cli/openapi-metadata';
import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';

export const ROOT = resolve(__dirname, '..', '..');
/** The committed OpenAPI document (the contract) and the web types generated from it. */
export const OPENAPI_JSON = resolve(ROOT, 'libs/contracts/openapi.json');
export const SCHEMA_TYPES = resolve(ROOT, 'apps/web/generated/openapi-schema.d.ts');
export const PLUGIN_METADATA = resolve(ROOT, 'apps/api/generated/openapi-metadata.ts');

type Method = 'get' | 'post' | 'put' | 'delete' | 'patch';
/** A route of the running app as its controller metadata declares it, with what its handler reads. */
export interface RouteShape {
  method: Method;
  /** OpenAPI form: `/api/v1/listings/{id}`. */
  path: string;
  handler: string;
  takesBody: boolean;
  takesQuery: boolean;
}

const METHODS: Partial<Record<RequestMethod, Method>> = {
  [RequestMethod.GET]: 'get',
  [RequestMethod.POST]: 'post',
  [RequestMethod.PUT]: 'put',
  [RequestMethod.DELETE]: 'delete',
  [RequestMethod.PATCH]: 'patch',
};

/** Every HTTP route of the running app, from its controllers' metadata (the same walk as the fuzz suite's). */
export function routeShapes(app: INestApplication): RouteShape[] {
  const out: RouteShape[] = [];
  for (const mod of app.get(ModulesContainer).values()) {
    for (const wrapper of mod.controllers.values()) {
      const ctrl = wrapper.metatype as (new (...a: never[]) => object) | undefined;
      if (!ctrl) continue;
      const base = [Reflect.getMetadata(PATH_METADATA, ctrl) ?? ''].flat()[0] as string;
      for (const key of Object.getOwnPropertyNames(ctrl.prototype)) {
        const handler = (ctrl.prototype as Record<string, unknown>)[key];
        if (key === 'constructor' || typeof handler !== 'function') continue;
        const m = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
        const method = m === undefined ? undefined : METHODS[m];
        if (!method) continue;
        const args = (Reflect.getMetadata(ROUTE_ARGS_METADATA, ctrl, key) ?? {}) as Record<string, unknown>;
        const kinds = Object.keys(args).map((k) => Number(k.split(':')[0]));
        for (const sub of [Reflect.getMetadata(PATH_METADATA, handler) ?? '/'].flat() as string[]) {
          const path = `/${['api', 'v1', base, sub]
            .flatMap((p) => p.split('/'))
            .filter(Boolean)
            .map((p) => p.replace(/^:(\w+)$/, '{$1}'))
            .join('/')}`;
          out.push({
            method,
            path,
            handler: `${ctrl.name}.${key}`,
            takesBody: kinds.includes(RouteParamtypes.BODY) || kinds.includes(RouteParamtypes.FILE),
            takesQuery: kinds.includes(RouteParamtypes.QUERY),
          });
        }
      }
    }
  }
  return out;
}

interface Operation {
  parameters?: Array<{ in: string; name: string; schema?: unknown }>;
  requestBody?: { content?: Record<string, { schema?: Record<string, unknown> }> };
  responses?: Record<string, { content?: Record<string, { schema?: Record<string, unknown> }> }>;
}

type Schema = Record<string, unknown>;

/**
 * A schema says something: a type other than a bare object, an object with properties, items or a composition —
 * through `$ref`s to `components.schemas` (a class with no documented property is an empty object: not meaningful).
 */
function meaningful(doc: OpenAPIObject, schema: Schema | undefined): boolean {
  if (!schema) return false;
  if (typeof schema.$ref === 'string') {
    const name = schema.$ref.replace('#/components/schemas/', '');
    return meaningful(doc, doc.components?.schemas?.[name] as Schema | undefined);
  }
  if (['items', 'allOf', 'oneOf', 'anyOf', 'enum'].some((k) => k in schema)) return true;
  if (schema.type === 'object' || schema.type === undefined) {
    return Object.keys((schema.properties as Schema | undefined) ?? {}).length > 0 || !!schema.additionalProperties;
  }
  return true;
}

/**
 * What the document lacks for each route: an operation at all, a request schema where the handler reads a body or
 * query, a 2xx response schema (a 204 answer has none by definition). Empty when the contract is complete.
 */
export function contractGaps(doc: OpenAPIObject, routes: RouteShape[]): string[] {
  const gaps: string[] = [];
  for (const r of routes) {
    const op = (doc.paths[r.path] as Record<string, Operation> | undefined)?.[r.method];
    const at = `${r.method.toUpperCase()} ${r.path} (${r.handler})`;
    if (!op) {
      gaps.push(`${at}: not in the document`);
      continue;
    }
    if (r.takesBody && !Object.values(op.requestBody?.content ?? {}).some((c) => meaningful(doc, c.schema))) {
      gaps.push(`${at}: no request body schema`);
    }
    if (r.takesQuery && !(op.parameters ?? []).some((p) => p.in === 'query')) {
      gaps.push(`${at}: no query parameters`);
    }
    const ok = Object.entries(op.responses ?? {}).filter(([s]) => /^2\d\d$/.test(s));
    const described = ok.some(
      ([s, res]) => s === '204' || Object.values(res.content ?? {}).some((c) => meaningful(doc, c.schema)),
    );
    if (!described) gaps.push(`${at}: no 2xx response schema`);
  }
  return gaps;
}

/**
 * The enums of `libs/contracts` that the document's schemas use, by name: the generated web types refer to them
 * (`import('@jiebang/contracts').DealStatus`) instead of repeating their values as string unions, so the web's data
 * and the contract's constants are one type.
 */
export const CONTRACT_ENUMS: Record<string, Record<string, string>> = {
  AchievementType,
  ApplicationStatus,
  DealStatus,
  Field,
  IpType,
  ListingKind,
  ListingStatus,
  OrgType,
  ResultType,
  Role,
  StaffRole,
};

function render(mode: 'document' | 'types' | 'source', input: string, filepath: string): string {
  const enums = JSON.stringify(
    Object.fromEntries(Object.entries(CONTRACT_ENUMS).map(([name, e]) => [name, Object.values(e)])),
  );
  return execFileSync(process.execPath, [resolve(__dirname, 'openapi-render.mjs'), mode, filepath, enums], {
    input,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
}

/** The committed form of the document: stable key order (as built), prettier-formatted JSON. */
export function renderDocument(doc: OpenAPIObject): string {
  return render('document', JSON.stringify(doc), OPENAPI_JSON);
}

/** The web's types, generated from the document by openapi-typescript (`alphabetize`), prettier-formatted. */
export function renderTypes(doc: OpenAPIObject): string {
  return render('types', JSON.stringify(doc), SCHEMA_TYPES);
}

/** `apps/api/generated/openapi-metadata.ts` as `npm run openapi:metadata` writes it now (the plugin over today's sources). */
export function renderPluginMetadata(): string {
  return render('source', generatePluginMetadata(ROOT), PLUGIN_METADATA);
}
