/**
 * AWS credentials and endpoints for the auto-configured DataSource: {@code serverless.mysql.auth.*}
 * (password, RDS IAM token, Secrets Manager) and {@code serverless.mysql.rds-proxy}.
 */
package dev.serverlessmysql.autoconfigure.aws;
