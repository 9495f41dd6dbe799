import { openApiDocument } from '#contracts/openapi.ts';
import { createHttpApi } from '#platform/http/api.ts';
import { json } from '#platform/http/response.ts';

// Built once per instance: the document depends only on the deployed code.
const document = openApiDocument();

export const handler = createHttpApi('apiDocs', {
  openapi: async () => Promise.resolve(json(200, document)),
});
