<?php
/**
 * Each result token lets someone through once. The record is a row in the options table
 * inserted with INSERT IGNORE: of two requests racing with the same token, exactly one wins.
 *
 * @package AuthsignalWhatsApp
 */

namespace AuthsignalWhatsApp;

defined( 'ABSPATH' ) || exit;

/**
 * Claims tokens; forgets them a day later (Authsignal's result tokens live minutes).
 */
final class Used_Tokens {

	/** Option name prefix; the rest is the token's SHA-256. */
	public const PREFIX = '_authsignal_whatsapp_used_';

	/** How long a claimed token is remembered, in seconds. */
	public const TTL = DAY_IN_SECONDS;

	/** The daily clean-up event. */
	public const CRON_HOOK = 'authsignal_whatsapp_forget_used_tokens';

	/** Hooks the clean-up; deactivating the plugin unschedules it. */
	public static function register_hooks(): void {
		add_action( self::CRON_HOOK, array( self::class, 'forget_expired' ) );
		register_deactivation_hook( AUTHSIGNAL_WHATSAPP_FILE, array( self::class, 'unschedule' ) );
		add_action(
			'init',
			static function () {
				if ( ! wp_next_scheduled( self::CRON_HOOK ) ) {
					wp_schedule_event( time() + HOUR_IN_SECONDS, 'daily', self::CRON_HOOK );
				}
			}
		);
	}

	/**
	 * Records the token as used. True the first time, false ever after.
	 *
	 * @param string $token The result token.
	 */
	public static function claim( string $token ): bool {
		global $wpdb;
		$inserted = $wpdb->query( // phpcs:ignore WordPress.DB.DirectDatabaseQuery -- an atomic insert; the options API has none.
			$wpdb->prepare(
				"INSERT IGNORE INTO {$wpdb->options} (option_name, option_value, autoload) VALUES (%s, %s, 'no')",
				self::PREFIX . hash( 'sha256', $token ),
				(string) ( time() + self::TTL )
			)
		);
		return 1 === $inserted;
	}

	/** Removes records older than TTL. */
	public static function forget_expired(): void {
		global $wpdb;
		$wpdb->query( // phpcs:ignore WordPress.DB.DirectDatabaseQuery
			$wpdb->prepare(
				"DELETE FROM {$wpdb->options} WHERE option_name LIKE %s AND CAST(option_value AS UNSIGNED) < %d",
				$wpdb->esc_like( self::PREFIX ) . '%',
				time()
			)
		);
	}

	/** Removes every record (uninstall). */
	public static function forget_all(): void {
		global $wpdb;
		$wpdb->query( // phpcs:ignore WordPress.DB.DirectDatabaseQuery
			$wpdb->prepare( "DELETE FROM {$wpdb->options} WHERE option_name LIKE %s", $wpdb->esc_like( self::PREFIX ) . '%' )
		);
	}

	/** Removes the clean-up event (on deactivation: no event of a plugin that is off). */
	public static function unschedule(): void {
		wp_clear_scheduled_hook( self::CRON_HOOK );
	}
}
