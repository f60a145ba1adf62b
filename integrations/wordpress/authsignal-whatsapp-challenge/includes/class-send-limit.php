<?php
/**
 * How many WhatsApp codes the sign-in step may start: each tracked `signIn` action is a code
 * the person can have sent, and each costs the site a message. At most 3 per pending sign-in
 * and 10 per user per hour by default (filter `authsignal_whatsapp_sign_in_send_limits`), so
 * someone who knows a password cannot flood its owner's WhatsApp or the site's bill.
 *
 * @package AuthsignalWhatsApp
 */

namespace AuthsignalWhatsApp;

defined( 'ABSPATH' ) || exit;

/**
 * Counts the sign-in step's sends per user and hour (the per-sign-in count lives in the pending sign-in).
 */
final class Send_Limit {

	/** User meta: Unix times of the sign-in step's sends in the last hour. */
	public const META = '_authsignal_whatsapp_send_times';

	/**
	 * The limits.
	 *
	 * @return array{per_sign_in: int, per_hour: int}
	 */
	public static function limits(): array {
		/**
		 * Filters how many WhatsApp codes the sign-in step starts: per pending sign-in, and per
		 * user in any hour.
		 *
		 * @param array{per_sign_in: int, per_hour: int} $limits Default 3 and 10.
		 */
		$limits = apply_filters(
			'authsignal_whatsapp_sign_in_send_limits',
			array(
				'per_sign_in' => 3,
				'per_hour'    => 10,
			)
		);
		$limits = is_array( $limits ) ? $limits : array();
		return array(
			'per_sign_in' => max( 1, (int) ( $limits['per_sign_in'] ?? 3 ) ),
			'per_hour'    => max( 1, (int) ( $limits['per_hour'] ?? 10 ) ),
		);
	}

	/**
	 * Whether the user has sent as many codes in the last hour as allowed.
	 *
	 * @param int $user_id The user.
	 */
	public static function hour_used_up( int $user_id ): bool {
		return count( self::recent( $user_id ) ) >= self::limits()['per_hour'];
	}

	/**
	 * Counts one send.
	 *
	 * @param int $user_id The user.
	 */
	public static function record( int $user_id ): void {
		$times   = self::recent( $user_id );
		$times[] = time();
		update_user_meta( $user_id, self::META, $times );
	}

	/**
	 * Takes back the last send counted (the code could not be started after all).
	 *
	 * @param int $user_id The user.
	 */
	public static function unrecord( int $user_id ): void {
		$times = self::recent( $user_id );
		array_pop( $times );
		update_user_meta( $user_id, self::META, $times );
	}

	/**
	 * Takes the user's send lock (a database lock, for this request at most), so concurrent
	 * requests count and reserve sends one after another; false if another request held it
	 * for 10 seconds. The user's cached meta is dropped, so what other requests wrote
	 * meanwhile is read. A database without GET_LOCK() (an error, not a wait: SQLite through
	 * a drop-in, say) gets the counting without the lock rather than no sign-in at all.
	 *
	 * @param int $user_id The user.
	 */
	public static function lock( int $user_id ): bool {
		global $wpdb;
		// phpcs:ignore WordPress.DB.DirectDatabaseQuery.DirectQuery, WordPress.DB.DirectDatabaseQuery.NoCaching -- a lock, not data.
		$locked = $wpdb->get_var( $wpdb->prepare( 'SELECT GET_LOCK( %s, 10 )', self::lock_name( $user_id ) ) );
		if ( '1' !== (string) $locked && ! ( null === $locked && '' !== (string) $wpdb->last_error ) ) {
			return false;
		}
		wp_cache_delete( $user_id, 'user_meta' );
		return true;
	}

	/**
	 * Releases the user's send lock.
	 *
	 * @param int $user_id The user.
	 */
	public static function unlock( int $user_id ): void {
		global $wpdb;
		// phpcs:ignore WordPress.DB.DirectDatabaseQuery.DirectQuery, WordPress.DB.DirectDatabaseQuery.NoCaching -- a lock, not data.
		$wpdb->get_var( $wpdb->prepare( 'SELECT RELEASE_LOCK( %s )', self::lock_name( $user_id ) ) );
	}

	/**
	 * The lock's name: this site's tables and the user (at most 64 characters).
	 *
	 * @param int $user_id The user.
	 */
	private static function lock_name( int $user_id ): string {
		global $wpdb;
		return 'authsignal_whatsapp_send_' . substr( md5( DB_NAME . $wpdb->prefix ), 0, 12 ) . '_' . $user_id;
	}

	/**
	 * The send times of the last hour.
	 *
	 * @param int $user_id The user.
	 * @return int[]
	 */
	private static function recent( int $user_id ): array {
		$times = get_user_meta( $user_id, self::META, true );
		$since = time() - HOUR_IN_SECONDS;
		return array_values( array_filter( array_map( 'intval', is_array( $times ) ? $times : array() ), static fn( int $time ): bool => $time > $since ) );
	}
}
