/**
 * The AWS SDK v2 credential chain for the {@code bedrock} provider: {@link
 * io.vectornode.bedrock.AwsSdkCredentials}.
 */
@NullMarked
package io.vectornode.bedrock;

import org.jspecify.annotations.NullMarked;
