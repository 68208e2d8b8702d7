package io.dynamini.boot.startup;

import java.lang.management.ManagementFactory;

import io.awspring.cloud.dynamodb.DynamoDbTemplate;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.ConfigurableApplicationContext;

import software.amazon.awssdk.enhanced.dynamodb.Key;

/**
 * The same minimal application with Spring Cloud AWS's DynamoDB starter instead: one {@code load}, then
 * {@code uptime=<ms>}. dynamini's auto-configurations are excluded.
 */
@SpringBootApplication
public class ScaStartupApp {

	public static void main(String[] args) {
		ConfigurableApplicationContext context = SpringApplication.run(ScaStartupApp.class, args);
		context.getBean(DynamoDbTemplate.class).load(Key.builder().partitionValue("startup").build(), ScaStartupNote.class);
		System.out.println("uptime=" + ManagementFactory.getRuntimeMXBean().getUptime());
		System.exit(SpringApplication.exit(context));
	}
}
