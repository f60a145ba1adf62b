<?php
/**
 * A sign-in waiting for its WhatsApp code: one per user, in user meta, for ten minutes. The
 * browser holds a random key; the database holds only its keyed hash (bound to the user id
 * and the expiry, as WordPress's Two Factor plugin does), so a key works for that user only.
 *
 * @package AuthsignalWhatsApp
 */

namespace AuthsignalWhatsApp;

defined( 'ABSPATH' ) || exit;

/**
 * Creates, checks and ends pending sign-ins.
 */
final class Pending_Login {

	/** User meta key. */
	public const META = '_authsignal_whatsapp_pending_login';

	/** How long a pending sign-in lasts, in seconds. */
	public const LIFETIME = 10 * MINUTE_IN_SECONDS;

	/** How many refused codes end it. */
	public const MAX_FAILURES = 5;

	/**
	 * Starts a pending sign-in (replacing any earlier one of the user).
	 *
	 * @param int    $user_id     The user who gave a correct password.
	 * @param string $redirect_to Where to go afterwards.
	 * @param bool   $remember    "Remember me".
	 * @param int    $failures    Refused codes so far (carried over when the screen is shown again).
	 * @return array{key: string, attempt: string}|null The browser's key and the attempt id (the idempotency key), or null.
	 */
	public static function create( int $user_id, string $redirect_to, bool $remember, int $failures = 0 ): ?array {
		try {
			$key     = bin2hex( random_bytes( 32 ) );
			$attempt = bin2hex( random_bytes( 16 ) );
		} catch ( \Exception $e ) {
			return null;
		}
		/**
		 * Filters how long a pending sign-in waits for its WhatsApp code, in seconds.
		 *
		 * @param int $lifetime Default 600.
		 */
		$lifetime = max( 1, (int) apply_filters( 'authsignal_whatsapp_pending_login_lifetime', self::LIFETIME ) );
		$expires  = time() + $lifetime;
		$record  = array(
			'hash'        => self::hash( $user_id, $expires, $key ),
			'expires'     => $expires,
			'attempt'     => $attempt,
			'redirect_to' => $redirect_to,
			'remember'    => $remember,
			'failures'    => $failures,
		);
		return update_user_meta( $user_id, self::META, $record ) ? array(
			'key'     => $key,
			'attempt' => $attempt,
		) : null;
	}

	/**
	 * The pending sign-in the key opens, or null (wrong key, another user's key, expired,
	 * none). A wrong key leaves the pending sign-in alone: anyone can post a user id with a
	 * made-up key, and that must not cancel the real sign-in. An expired one is removed.
	 *
	 * @param int    $user_id The user the browser claims.
	 * @param string $key     The browser's key.
	 * @return array{hash: string, expires: int, attempt: string, redirect_to: string, remember: bool, failures: int}|null
	 */
	public static function open( int $user_id, string $key ): ?array {
		$record = get_user_meta( $user_id, self::META, true );
		if ( ! is_array( $record ) || empty( $record['hash'] ) || empty( $record['expires'] ) || '' === $key ) {
			return null;
		}
		if ( time() >= (int) $record['expires'] ) {
			self::end( $user_id );
			return null;
		}
		if ( ! hash_equals( (string) $record['hash'], self::hash( $user_id, (int) $record['expires'], $key ) ) ) {
			return null;
		}
		return $record;
	}

	/**
	 * Ends the user's pending sign-in.
	 *
	 * @param int $user_id The user.
	 */
	public static function end( int $user_id ): void {
		delete_user_meta( $user_id, self::META );
	}

	/**
	 * The stored form of a key.
	 *
	 * @param int    $user_id User id.
	 * @param int    $expires Expiry time.
	 * @param string $key     The key.
	 */
	private static function hash( int $user_id, int $expires, string $key ): string {
		return wp_hash( $user_id . '|' . $expires . '|' . $key, 'nonce' );
	}
}
