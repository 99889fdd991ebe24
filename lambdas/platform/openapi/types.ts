/**
 * The parts of an OpenAPI 3.1 document the builder writes, and the route as
 * the builder reads it: a `RouteDefinition` whose schemas may be any zod 4
 * schema (classic or `zod/mini`), since only zod's core is read.
 */
import type { $ZodObject, $ZodType } from 'zod/v4/core';
import type { RouteDefinition, RouteRequest, RouteResponse } from '../http/route.js';
import type { JsonSchema } from './json-schemas.js';

export interface DocumentedRequest extends Omit<RouteRequest, 'params' | 'query' | 'body'> {
  params?: $ZodObject;
  query?: $ZodObject;
  body?: $ZodType;
}

export interface DocumentedResponse extends Omit<RouteResponse, 'schema'> {
  schema?: $ZodType;
}

/** What the builder reads of a route; every `RouteDefinition` is one. */
export interface DocumentedRoute extends Omit<RouteDefinition, 'request' | 'responses'> {
  request?: DocumentedRequest;
  responses: Record<number, DocumentedResponse>;
}

export type ParameterLocation = 'path' | 'query' | 'header';

export interface ParameterObject {
  schema: JsonSchema;
  required: boolean;
  description?: string;
  name: string;
  in: ParameterLocation;
}

export type HeaderObject = Omit<ParameterObject, 'name' | 'in'>;

export interface MediaTypeObject {
  schema: JsonSchema;
}

export interface ResponseObject {
  description: string;
  headers?: Record<string, HeaderObject>;
  content?: Record<string, MediaTypeObject>;
}

export interface OperationObject {
  operationId: string;
  summary: string;
  description: string;
  tags?: string[];
  security: Record<string, string[]>[];
  parameters?: ParameterObject[];
  requestBody?: { required: true; content: Record<string, MediaTypeObject> };
  responses: Record<string, ResponseObject>;
}

export interface SecuritySchemeObject {
  type: 'http';
  scheme: string;
  bearerFormat?: string;
  description?: string;
}

export interface OpenApiDocument {
  openapi: '3.1.0';
  info: {
    title: string;
    version: string;
    description: string;
    license: { name: string; identifier: string };
  };
  tags: { name: string; description: string }[];
  servers: { url: string; description?: string }[];
  security: Record<string, string[]>[];
  components: {
    securitySchemes: Record<string, SecuritySchemeObject>;
    schemas: Record<string, JsonSchema>;
  };
  paths: Record<string, Partial<Record<'get' | 'put' | 'post' | 'patch' | 'delete', OperationObject>>>;
}
