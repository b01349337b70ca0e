// The OpenAPI document of test/targets/crashy-app.ts (kept apart: importing the app starts it).
export const CRASHY_SPEC = {
  openapi: '3.0.3',
  info: { title: 'crashy', version: '1' },
  security: [{ bearer: [] }],
  components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
  paths: {
    '/health': { get: { security: [], responses: { 200: { description: 'ok' } } } },
    '/api/auth/login': { post: { security: [], responses: { 200: { description: 'ok' } } } },
    '/api/me': { get: { responses: { 200: { description: 'ok' } } } },
    '/api/items': { get: { responses: { 200: { description: 'ok' } } } },
    '/api/items/{id}': { get: { parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }], responses: { 200: { description: 'ok' } } } },
    '/api/reports': { get: { responses: { 200: { description: 'ok' } } } },
  },
};
