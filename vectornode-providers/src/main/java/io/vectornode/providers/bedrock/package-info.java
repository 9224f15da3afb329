/**
 * The {@code bedrock} provider (Amazon Bedrock Converse) and its credentials seam: {@link
 * io.vectornode.providers.bedrock.AwsCredentialsSource} and the {@link
 * io.vectornode.providers.bedrock.AwsCredentialsSourceFactory} SPI that {@code
 * vectornode-bedrock} implements with the AWS SDK's default chain.
 */
@NullMarked
package io.vectornode.providers.bedrock;

import org.jspecify.annotations.NullMarked;
