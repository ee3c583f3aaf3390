import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SNSClient } from '@aws-sdk/client-sns';
import { SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { AwsSettings } from '../config/app-config';

export interface AwsClients {
  dynamodb: DynamoDBClient;
  documents: DynamoDBDocumentClient;
  sns: SNSClient;
  sqs: SQSClient;
  destroy(): void;
}

export function createAwsClients(settings: AwsSettings): AwsClients {
  const base = {
    region: settings.region,
    // A hung connection (an endpoint that stopped answering) fails the call instead of holding it forever;
    // the activity's retry policy takes it from there.
    requestHandler: { connectionTimeout: 5_000, requestTimeout: 30_000 },
    ...(settings.credentials ? { credentials: settings.credentials } : {}),
  };
  const dynamodb = new DynamoDBClient({ ...base, endpoint: settings.endpoints.dynamodb });
  const documents = DynamoDBDocumentClient.from(dynamodb, {
    marshallOptions: { removeUndefinedValues: true, convertEmptyValues: false },
  });
  const sns = new SNSClient({ ...base, endpoint: settings.endpoints.sns });
  const sqs = new SQSClient({ ...base, endpoint: settings.endpoints.sqs });
  return {
    dynamodb,
    documents,
    sns,
    sqs,
    destroy() {
      documents.destroy();
      dynamodb.destroy();
      sns.destroy();
      sqs.destroy();
    },
  };
}
