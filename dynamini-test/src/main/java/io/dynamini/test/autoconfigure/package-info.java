/**
 * Test support for applications using dynamini: the {@link io.dynamini.test.autoconfigure.DataDynaminiTest} slice
 * and {@link io.dynamini.test.autoconfigure.AutoConfigureDynamini}.
 */
@NullMarked
package io.dynamini.test.autoconfigure;

import org.jspecify.annotations.NullMarked;
