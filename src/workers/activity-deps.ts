import type { ActivityDeps } from '../activities';
import { createChangePublisher } from '../adapters/change-publisher';
import { createPayloadStore } from '../adapters/payload-store';
import { createRecordStore } from '../adapters/record-store';
import { createSapODataClient } from '../adapters/sap-odata-client';
import type { AwsClients } from '../clients/aws';
import type { AppConfig } from '../config/app-config';

export function createActivityDeps(config: AppConfig, aws: AwsClients): ActivityDeps {
  return {
    store: createRecordStore(aws.documents, config.sync.table),
    publisher: createChangePublisher(aws.sns, config.sync.snsTopicArn),
    payloads: createPayloadStore(aws.documents, config.sync.table),
    ...(config.sap.odataUrl
      ? {
          odata: createSapODataClient({
            baseUrl: config.sap.odataUrl,
            username: config.sap.username,
            password: config.sap.password,
            apiKey: config.sap.apiKey,
            timeoutMs: config.sap.timeoutMs,
          }),
        }
      : {}),
  };
}
