/**
 * The content library: private, TLS-only, versioned, browser uploads by
 * presigned POST from the allowed origins; old versions and abandoned
 * multipart uploads expire so storage does not grow silently.
 */
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';

export interface ContentBucketProps {
  readonly corsOrigins: readonly string[];
}

export class ContentBucket extends Construct {
  readonly bucket: s3.Bucket;
  readonly accessLogs: s3.Bucket;

  constructor(scope: Construct, id: string, props: ContentBucketProps) {
    super(scope, id);

    // Server access logs need SSE-S3 on the target bucket.
    this.accessLogs = new s3.Bucket(this, 'AccessLogs', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      lifecycleRules: [{ id: 'expire-access-logs', expiration: Duration.days(90) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });

    // SSE-S3 rather than a customer key: presigned POST uploads then need no KMS grant for the signer,
    // and there is no per-request KMS charge. Content is not secret (it is published marketing material).
    this.bucket = new s3.Bucket(this, 'Bucket', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      versioned: true,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      serverAccessLogsBucket: this.accessLogs,
      serverAccessLogsPrefix: 'content/',
      cors: [
        {
          allowedOrigins: [...props.corsOrigins],
          // Uploads are presigned POSTs and downloads presigned GETs; no PUT is ever issued.
          allowedMethods: [s3.HttpMethods.POST, s3.HttpMethods.GET, s3.HttpMethods.HEAD],
          allowedHeaders: ['*'],
          exposedHeaders: ['ETag', 'Location'],
          maxAge: 3000,
        },
      ],
      lifecycleRules: [
        { id: 'abort-incomplete-multipart', abortIncompleteMultipartUploadAfter: Duration.days(7) },
        { id: 'expire-old-versions', noncurrentVersionExpiration: Duration.days(90), expiredObjectDeleteMarker: true },
        // An upload is copied to assets/ once accepted and then removed: its old version has no further use.
        { id: 'expire-consumed-uploads', prefix: 'uploads/', noncurrentVersionExpiration: Duration.days(1) },
      ],
      // Content outlives any one stack version; deleting it is a human decision, never a side effect of cdk destroy.
      removalPolicy: RemovalPolicy.RETAIN,
    });
  }
}
