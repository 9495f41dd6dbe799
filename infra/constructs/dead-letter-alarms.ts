import { Duration } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { QUEUES, type QueueKey } from '#catalog/resources.ts';

export interface DeadLetterAlarmsProps {
  readonly deadLetterQueues: Readonly<Record<QueueKey, IQueue>>;
  /** Where an alarm is announced. */
  readonly alertsTopic: ITopic;
}

/** One alarm per dead-letter queue: any message there means work failed repeatedly. */
export class DeadLetterAlarms extends Construct {
  public constructor(scope: Construct, id: string, props: DeadLetterAlarmsProps) {
    super(scope, id);
    for (const [key, dlq] of Object.entries(props.deadLetterQueues) as [QueueKey, IQueue][]) {
      new Alarm(this, `${QUEUES[key].id}DlqAlarm`, {
        alarmDescription: `Messages of ${key} failed repeatedly and were moved to its dead-letter queue`,
        metric: dlq.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5) }),
        threshold: 0,
        comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      }).addAlarmAction(new SnsAction(props.alertsTopic));
    }
  }
}
