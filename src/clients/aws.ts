import * as fs from 'node:fs';
import * as https from 'node:https';
import * as tls from 'node:tls';
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

/** An https agent trusting the given CA besides Node's public ones (a private endpoint or proxy). */
function privateCaAgent(caPath: string): https.Agent {
  let ca: string;
  try {
    ca = fs.readFileSync(caPath, 'utf8');
  } catch (error) {
    throw new Error(`cannot read SYNCHUB_AWS_CA_PATH=${caPath}: ${(error as Error).message}`);
  }
  return new https.Agent({ keepAlive: true, ca: [...tls.rootCertificates, ca] });
}

export function createAwsClients(settings: AwsSettings): AwsClients {
  const base = {
    region: settings.region,
    // A hung connection (an endpoint that stopped answering) fails the call instead of holding it forever;
    // the activity's retry policy takes it from there.
    requestHandler: {
      connectionTimeout: 5_000,
      requestTimeout: 30_000,
      ...(settings.caPath ? { httpsAgent: privateCaAgent(settings.caPath) } : {}),
    },
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
