/**
 * The Cognito user pool behind the API's JWT authorizer, with the three
 * groups the handlers authorize by (`cognito:groups` claim).
 */
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';

export const USER_GROUPS = [
  { name: 'admin', precedence: 1, description: 'Deletes records and manages accounts' },
  { name: 'marketer', precedence: 2, description: 'Creates and edits marketing records' },
  { name: 'viewer', precedence: 3, description: 'Reads marketing records' },
] as const;

export interface UserDirectoryProps {
  readonly stage: string;
  readonly isDevStage: boolean;
}

export class UserDirectory extends Construct {
  readonly userPool: cognito.UserPool;
  readonly client: cognito.UserPoolClient;

  constructor(scope: Construct, id: string, props: UserDirectoryProps) {
    super(scope, id);

    this.userPool = new cognito.UserPool(this, 'UserPool', {
      userPoolName: `marketing-ops-${props.stage}`,
      // Accounts are created by admins only: this is an internal tool.
      selfSignUpEnabled: false,
      signInAliases: { email: true },
      autoVerify: { email: true },
      accountRecovery: cognito.AccountRecovery.EMAIL_ONLY,
      passwordPolicy: {
        minLength: 12,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(3),
      },
      mfa: cognito.Mfa.REQUIRED,
      mfaSecondFactor: { otp: true, sms: false },
      featurePlan: cognito.FeaturePlan.ESSENTIALS,
      deletionProtection: !props.isDevStage,
      removalPolicy: props.isDevStage ? RemovalPolicy.DESTROY : RemovalPolicy.RETAIN,
    });

    for (const group of USER_GROUPS) {
      new cognito.CfnUserPoolGroup(this, `Group-${group.name}`, {
        userPoolId: this.userPool.userPoolId,
        groupName: group.name,
        precedence: group.precedence,
        description: group.description,
      });
    }

    // A public client for the browser app (SRP sign-in, no secret); its id is the JWT audience.
    this.client = this.userPool.addClient('WebClient', {
      generateSecret: false,
      authFlows: { userSrp: true },
      // SRP sign-in only: no hosted-UI OAuth flows (CDK's default enables code and implicit grants with an example.com callback).
      disableOAuth: true,
      preventUserExistenceErrors: true,
      accessTokenValidity: Duration.hours(1),
      idTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.days(30),
    });
  }
}
