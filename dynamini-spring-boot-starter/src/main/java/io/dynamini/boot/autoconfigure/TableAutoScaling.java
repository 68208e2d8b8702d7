package io.dynamini.boot.autoconfigure;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.springframework.util.Assert;

/**
 * The Application Auto Scaling requests that give a provisioned table and each of its global secondary indexes
 * target-tracking auto scaling of reads and writes (ddbes's {@code setupAutoScaling} as the model): per resource and
 * dimension, a {@code RegisterScalableTarget} (minimum, maximum) and a {@code PutScalingPolicy} tracking DynamoDB's
 * predefined capacity-utilization metric at the target. Both calls create or replace, so sending them at every
 * startup is idempotent.
 *
 * @param tableName the table
 * @param indexNames its global secondary indexes
 * @param minRead least read capacity units
 * @param maxRead most read capacity units
 * @param minWrite least write capacity units
 * @param maxWrite most write capacity units
 * @param targetUtilization the utilization (percent of provisioned capacity consumed) to keep
 */
record TableAutoScaling(String tableName, List<String> indexNames, long minRead, long maxRead, long minWrite,
		long maxWrite, double targetUtilization) {

	/** Name of the policies dynamini puts (one per scalable target and dimension). */
	static final String POLICY_NAME_PREFIX = "dynamini-";

	TableAutoScaling {
		Assert.isTrue(minRead >= 1 && minRead <= maxRead, "read capacity: need 1 <= min <= max");
		Assert.isTrue(minWrite >= 1 && minWrite <= maxWrite, "write capacity: need 1 <= min <= max");
		Assert.isTrue(targetUtilization >= 20 && targetUtilization <= 90, "target utilization: need 20 to 90 percent");
		indexNames = List.copyOf(indexNames);
	}

	/**
	 * One call of the Application Auto Scaling API.
	 *
	 * @param operation the operation ({@code RegisterScalableTarget}, {@code PutScalingPolicy})
	 * @param body its JSON body
	 */
	record Call(String operation, String body) {
	}

	/** @return the calls, for the table first, then each index; each dimension's target before its policy */
	List<Call> calls() {
		List<Call> calls = new ArrayList<>();
		add(calls, "table/" + tableName, "table");
		for (String index : indexNames) {
			add(calls, "table/" + tableName + "/index/" + index, "index");
		}
		return calls;
	}

	private void add(List<Call> calls, String resourceId, String kind) {
		for (boolean read : new boolean[] { true, false }) {
			String units = read ? "ReadCapacityUnits" : "WriteCapacityUnits";
			String dimension = "dynamodb:" + kind + ":" + units;
			calls.add(new Call("RegisterScalableTarget", "{\"ServiceNamespace\":\"dynamodb\",\"ResourceId\":"
					+ json(resourceId) + ",\"ScalableDimension\":" + json(dimension) + ",\"MinCapacity\":"
					+ (read ? minRead : minWrite) + ",\"MaxCapacity\":" + (read ? maxRead : maxWrite) + "}"));
			String metric = read ? "DynamoDBReadCapacityUtilization" : "DynamoDBWriteCapacityUtilization";
			calls.add(new Call("PutScalingPolicy", "{\"PolicyName\":" + json(POLICY_NAME_PREFIX + metric)
					+ ",\"ServiceNamespace\":\"dynamodb\",\"ResourceId\":" + json(resourceId) + ",\"ScalableDimension\":"
					+ json(dimension) + ",\"PolicyType\":\"TargetTrackingScaling\","
					+ "\"TargetTrackingScalingPolicyConfiguration\":{\"TargetValue\":"
					+ String.format(Locale.ROOT, "%.1f", targetUtilization)
					+ ",\"PredefinedMetricSpecification\":{\"PredefinedMetricType\":" + json(metric) + "}}}"));
		}
	}

	/** A JSON string (table and index names are letters, digits, {@code _ - .}; quotes and backslashes escaped anyway). */
	static String json(String value) {
		StringBuilder out = new StringBuilder("\"");
		for (char c : value.toCharArray()) {
			if (c == '"' || c == '\\') {
				out.append('\\');
			}
			if (c < 0x20) {
				out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
				continue;
			}
			out.append(c);
		}
		return out.append('"').toString();
	}
}
