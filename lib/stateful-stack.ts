/**
 * Everything that holds data: network and database, the content bucket, the
 * key for social access tokens and (when we own identity) the user pool.
 * It changes rarely; the stateless stack can be destroyed and redeployed
 * freely on top of it.
 */
import { CfnOutput, RemovalPolicy, Stack } from 'aws-cdk-lib';
import type { StackProps } from 'aws-cdk-lib';
import type * as cognito from 'aws-cdk-lib/aws-cognito';
import * as kms from 'aws-cdk-lib/aws-kms';
import type * as rds from 'aws-cdk-lib/aws-rds';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';
import type { AppConfig } from './app-config.js';
import { ContentBucket } from './constructs/content-bucket.js';
import { Database } from './constructs/database.js';
import { UserDirectory } from './constructs/user-directory.js';
import { suppressStatefulFindings } from './nag-suppressions.js';

/** Export name of the content bucket's ARN. */
export function contentBucketArnExport(stage: string): string {
  return `marketing-ops-${stage}-content-bucket-arn`;
}

export interface StatefulStackProps extends StackProps {
  readonly config: AppConfig;
}

export class StatefulStack extends Stack {
  readonly cluster: rds.DatabaseCluster;
  readonly bucket: s3.Bucket;
  readonly tokenKey: kms.Key;
  /** The stage's signing secret: HMAC keys for list cursors and calendar feed tokens are derived from it (HKDF). */
  readonly signingSecret: secretsmanager.Secret;
  /** Present when the API trusts our own Cognito pool rather than an external issuer. */
  readonly users?: { readonly userPool: cognito.UserPool; readonly client: cognito.UserPoolClient };

  constructor(scope: Construct, id: string, props: StatefulStackProps) {
    super(scope, id, props);
    const { config } = props;

    const database = new Database(this, 'Database', config);
    this.cluster = database.cluster;

    const content = new ContentBucket(this, 'Content', { corsOrigins: config.corsOrigins });
    this.bucket = content.bucket;

    // Losing this key makes every stored social token unreadable, so it is kept outside dev.
    this.tokenKey = new kms.Key(this, 'SocialTokenKey', {
      description: `marketing-ops ${config.stage}: encrypts social platform access tokens before they are stored`,
      alias: `alias/marketing-ops/${config.stage}/social-tokens`,
      enableKeyRotation: true,
      removalPolicy: config.isDevStage ? RemovalPolicy.DESTROY : RemovalPolicy.RETAIN,
    });

    // Every issued feed URL is tagged under a key derived from this secret, so losing or rotating it revokes them all:
    // it is state, kept outside dev, and never rotated automatically.
    this.signingSecret = new secretsmanager.Secret(this, 'SigningSecret', {
      description: `marketing-ops ${config.stage}: signs list cursors and calendar feed tokens (keys derived per purpose)`,
      generateSecretString: { passwordLength: 64, excludePunctuation: true },
      removalPolicy: config.isDevStage ? RemovalPolicy.DESTROY : RemovalPolicy.RETAIN,
    });

    // The user pool is state (the users themselves), so it lives here, not with the API.
    if (config.auth.kind === 'cognito') {
      const directory = new UserDirectory(this, 'Users', config);
      this.users = { userPool: directory.userPool, client: directory.client };
      new CfnOutput(this, 'UserPoolId', { value: directory.userPool.userPoolId });
      new CfnOutput(this, 'UserPoolClientId', { value: directory.client.userPoolClientId });
    }

    new CfnOutput(this, 'BucketName', { value: this.bucket.bucketName });
    // Exported under a fixed name so the stateless stack's IAM statements (and their reviewed cdk-nag
    // acknowledgments) name the same value before and after CDK resolves cross-stack references.
    new CfnOutput(this, 'BucketArn', { value: this.bucket.bucketArn, exportName: contentBucketArnExport(config.stage) });
    new CfnOutput(this, 'ClusterArn', { value: this.cluster.clusterArn });
    new CfnOutput(this, 'SecretArn', { value: this.cluster.secret?.secretArn ?? 'none' });
    new CfnOutput(this, 'TokenKeyArn', { value: this.tokenKey.keyArn });

    suppressStatefulFindings(this, { database, content, config, signingSecret: this.signingSecret, ...(this.users ? { userPool: this.users.userPool } : {}) });
  }
}
