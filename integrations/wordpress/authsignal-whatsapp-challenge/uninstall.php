<?php
/**
 * Removes everything the plugin stored: its option, the used-token records, and its user meta.
 *
 * @package AuthsignalWhatsApp
 */

defined( 'WP_UNINSTALL_PLUGIN' ) || exit;

global $wpdb;

delete_option( 'authsignal_whatsapp_settings' );
delete_option( 'authsignal_whatsapp_number_resets' );
$wpdb->query( // phpcs:ignore WordPress.DB.DirectDatabaseQuery
	$wpdb->prepare( "DELETE FROM {$wpdb->options} WHERE option_name LIKE %s", $wpdb->esc_like( '_authsignal_whatsapp_used_' ) . '%' )
);
foreach ( array( 'authsignal_phone_number', 'authsignal_whatsapp_verified_at', '_authsignal_whatsapp_pending_login', '_authsignal_whatsapp_ask_for_number', '_authsignal_whatsapp_token_times', '_authsignal_whatsapp_send_times', '_authsignal_whatsapp_just_verified', '_authsignal_whatsapp_number_change', '_authsignal_whatsapp_number_confirm', '_authsignal_whatsapp_backup_code', '_authsignal_whatsapp_two_factor_attempt', '_authsignal_whatsapp_password_changed_at', '_authsignal_whatsapp_backup_codes_confirm' ) as $authsignal_whatsapp_meta_key ) {
	delete_metadata( 'user', 0, $authsignal_whatsapp_meta_key, '', true );
}
wp_clear_scheduled_hook( 'authsignal_whatsapp_forget_used_tokens' );
