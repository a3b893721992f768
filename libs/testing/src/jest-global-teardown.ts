import { releaseTestInfrastructure } from './infrastructure';

export default async function globalTeardown(): Promise<void> {
  await releaseTestInfrastructure();
}
