package io.dynamini.observation;

import io.micrometer.common.docs.KeyName;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;
import io.micrometer.observation.docs.ObservationDocumentation;

/**
 * The observations dynamini records and their keys.
 */
public enum DynaminiObservationDocumentation implements ObservationDocumentation {

	/** One repository or {@code DynaminiOperations} call: {@code dynamini.operation}. */
	OPERATION {

		@Override
		public Class<? extends ObservationConvention<? extends Observation.Context>> getDefaultConvention() {
			return DefaultDynaminiOperationObservationConvention.class;
		}

		@Override
		public KeyName[] getLowCardinalityKeyNames() {
			return OperationLowCardinalityKeys.values();
		}

		@Override
		public KeyName[] getHighCardinalityKeyNames() {
			return OperationHighCardinalityKeys.values();
		}
	},

	/** One DynamoDB request inside an operation: {@code dynamini.request}. */
	REQUEST {

		@Override
		public Class<? extends ObservationConvention<? extends Observation.Context>> getDefaultConvention() {
			return DefaultDynaminiRequestObservationConvention.class;
		}

		@Override
		public KeyName[] getLowCardinalityKeyNames() {
			return RequestLowCardinalityKeys.values();
		}

		@Override
		public KeyName[] getHighCardinalityKeyNames() {
			return RequestHighCardinalityKeys.values();
		}
	};

	/** Keys of {@code dynamini.operation} that metrics are tagged with. */
	public enum OperationLowCardinalityKeys implements KeyName {

		/** the {@code @VersionedEntity} name ({@code *} for a transaction's commit of several types) */
		ENTITY {
			@Override
			public String asString() {
				return "dynamini.entity";
			}
		},

		/** save, insert, update, findById, findRevisions, query:&lt;method&gt;, commit, ... */
		OPERATION {
			@Override
			public String asString() {
				return "dynamini.operation";
			}
		},

		/** success, not-found, version-conflict, duplicate, throttled or error */
		OUTCOME {
			@Override
			public String asString() {
				return "dynamini.outcome";
			}
		}
	}

	/** Keys of {@code dynamini.operation} that only traces carry. */
	public enum OperationHighCardinalityKeys implements KeyName {

		/** the entity's id */
		ID {
			@Override
			public String asString() {
				return "dynamini.id";
			}
		},

		/** the revision written or read */
		REVISION {
			@Override
			public String asString() {
				return "dynamini.revision";
			}
		}
	}

	/** Keys of {@code dynamini.request}: OpenTelemetry's semantic conventions for DynamoDB. */
	public enum RequestLowCardinalityKeys implements KeyName {

		/** always {@code aws.dynamodb} */
		DB_SYSTEM {
			@Override
			public String asString() {
				return "db.system.name";
			}
		},

		/** the DynamoDB operation: PutItem, TransactWriteItems, Query, ... */
		DB_OPERATION {
			@Override
			public String asString() {
				return "db.operation.name";
			}
		},

		/** the tables the request names, comma-separated */
		TABLE_NAMES {
			@Override
			public String asString() {
				return "aws.dynamodb.table_names";
			}
		},

		/** success, throttled (refused for throttling after the SDK's retries) or error */
		OUTCOME {
			@Override
			public String asString() {
				return "dynamini.outcome";
			}
		}
	}

	/** Keys of {@code dynamini.request} that only traces carry. */
	public enum RequestHighCardinalityKeys implements KeyName {

		/** the capacity DynamoDB reported ({@code ReturnConsumedCapacity=TOTAL}) */
		CONSUMED_CAPACITY {
			@Override
			public String asString() {
				return "aws.dynamodb.consumed_capacity";
			}
		},

		/** how often the SDK sent the request again (throttled, server errors) */
		RETRIES {
			@Override
			public String asString() {
				return "dynamini.retries";
			}
		}
	}
}
