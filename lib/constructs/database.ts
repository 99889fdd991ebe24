/**
 * Aurora PostgreSQL 17 Serverless v2 in isolated subnets, reached only through
 * the RDS Data API (no NAT, no inbound rule: Lambdas never open a socket to it).
 */
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as rds from 'aws-cdk-lib/aws-rds';
import { Construct } from 'constructs';

export const DATABASE_NAME = 'marketing';
export const ENGINE_VERSION = rds.AuroraPostgresEngineVersion.VER_17_9;

export interface DatabaseProps {
  readonly stage: string;
  readonly isDevStage: boolean;
  readonly minCapacity: number;
  readonly maxCapacity: number;
}

export class Database extends Construct {
  readonly vpc: ec2.Vpc;
  readonly cluster: rds.DatabaseCluster;
  readonly storageKey: kms.Key;

  constructor(scope: Construct, id: string, props: DatabaseProps) {
    super(scope, id);
    const removal = props.isDevStage ? RemovalPolicy.DESTROY : RemovalPolicy.RETAIN;

    this.vpc = new ec2.Vpc(this, 'Vpc', {
      maxAzs: 2,
      natGateways: 0,
      subnetConfiguration: [{ name: 'database', subnetType: ec2.SubnetType.PRIVATE_ISOLATED, cidrMask: 24 }],
      flowLogs: {
        rejected: {
          destination: ec2.FlowLogDestination.toCloudWatchLogs(
            new logs.LogGroup(this, 'FlowLogs', { retention: logs.RetentionDays.ONE_MONTH, removalPolicy: removal }),
          ),
          trafficType: ec2.FlowLogTrafficType.REJECT,
        },
      },
    });

    this.storageKey = new kms.Key(this, 'StorageKey', {
      description: `marketing-ops ${props.stage}: Aurora storage and snapshots`,
      enableKeyRotation: true,
      removalPolicy: removal,
    });

    // Named so its PostgreSQL log group can be created here with a retention (cloudwatchLogsRetention would
    // add a LogRetention custom-resource Lambda for the same result).
    const clusterIdentifier = `marketing-ops-${props.stage}`;
    const postgresLogs = new logs.LogGroup(this, 'PostgresLogs', {
      logGroupName: `/aws/rds/cluster/${clusterIdentifier}/postgresql`,
      retention: logs.RetentionDays.ONE_MONTH,
      removalPolicy: removal,
    });

    this.cluster = new rds.DatabaseCluster(this, 'Cluster', {
      clusterIdentifier,
      engine: rds.DatabaseClusterEngine.auroraPostgres({ version: ENGINE_VERSION }),
      writer: rds.ClusterInstance.serverlessV2('writer', { publiclyAccessible: false }),
      serverlessV2MinCapacity: props.minCapacity,
      serverlessV2MaxCapacity: props.maxCapacity,
      ...(props.minCapacity === 0 ? { serverlessV2AutoPauseDuration: Duration.minutes(10) } : {}),
      enableDataApi: true,
      credentials: rds.Credentials.fromGeneratedSecret('mkt_admin'),
      defaultDatabaseName: DATABASE_NAME,
      vpc: this.vpc,
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
      storageEncrypted: true,
      storageEncryptionKey: this.storageKey,
      iamAuthentication: true,
      backup: { retention: Duration.days(props.isDevStage ? 1 : 14) },
      copyTagsToSnapshot: true,
      cloudwatchLogsExports: ['postgresql'],
      deletionProtection: !props.isDevStage,
      removalPolicy: props.isDevStage ? RemovalPolicy.DESTROY : RemovalPolicy.SNAPSHOT,
    });
    this.cluster.node.addDependency(postgresLogs);
  }
}
