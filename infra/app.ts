import { App } from 'aws-cdk-lib';
import { buildApp } from './build-app.ts';

// Entry point of `cdk synth` / `cdk deploy` (see cdk.json).
const app = new App();
buildApp(app);
app.synth();
