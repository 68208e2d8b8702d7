package io.dynamini.boot.startup;

import java.lang.management.ManagementFactory;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A minimal application with dynamini's starter: starts, answers one repository call, prints the milliseconds since
 * the JVM started ({@code uptime=<ms>}) and exits. Spring Cloud AWS's auto-configurations are excluded (the benchmark's
 * class path has both).
 */
@SpringBootApplication
public class DynaminiStartupApp {

	public static void main(String[] args) {
		ConfigurableApplicationContext context = SpringApplication.run(DynaminiStartupApp.class, args);
		context.getBean(StartupNoteRepository.class).findById("startup");
		System.out.println("uptime=" + ManagementFactory.getRuntimeMXBean().getUptime());
		System.exit(SpringApplication.exit(context));
	}
}
