import { GetObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import type { ExportStore } from '#domain/services/services.ports.ts';

/**
 * Large exports as objects under `exports/` in the artifacts bucket (a lifecycle rule deletes
 * them after a day), handed out as presigned GET URLs: the download goes straight to S3, past
 * Lambda's 6 MB response limit, with the function role's permission for the link's lifetime.
 */
export class S3ExportStore implements ExportStore {
  public constructor(
    private readonly s3: S3Client,
    private readonly bucket: string,
  ) {}

  public async put(key: string, body: string, contentType: string, filename: string): Promise<void> {
    await this.s3.send(
      new PutObjectCommand({
        Bucket: this.bucket,
        Key: key,
        Body: body,
        ContentType: contentType,
        ContentDisposition: `attachment; filename="${filename}"`,
      }),
    );
  }

  public async link(key: string, expiresInSeconds: number): Promise<string> {
    return getSignedUrl(this.s3, new GetObjectCommand({ Bucket: this.bucket, Key: key }), {
      expiresIn: expiresInSeconds,
    });
  }
}
