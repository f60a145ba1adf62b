<?php
/**
 * Sign-ins waiting for their WhatsApp code, in user meta, each for ten minutes. A user may
 * have several at once (a phone and a laptop): a second sign-in does not cancel the first.
 * The browser holds a random key; the database holds only its keyed hash (bound to the user
 * id and the expiry, as WordPress's Two Factor plugin does), so a key works for that user only.
 *
 * @package AuthsignalWhatsApp
 */

namespace AuthsignalWhatsApp;

defined( 'ABSPATH' ) || exit;

/**
 * Creates, checks, updates and ends pending sign-ins.
 */
final class Pending_Login {

	/** User meta key: the user's pending sign-ins, by id. */
	public const META = '_authsignal_whatsapp_pending_login';

	/** How long a pending sign-in lasts, in seconds. */
	public const LIFETIME = 10 * MINUTE_IN_SECONDS;

	/** How many refused codes end it. */
	public const MAX_FAILURES = 5;

	/** How many a user may have at once; a new one beyond that ends the oldest. */
	public const MAX_PER_USER = 5;

	/**
	 * Starts a pending sign-in, beside the user's others.
	 *
	 * @param int    $user_id     The user who gave a correct password (or whom another plugin signed in).
	 * @param string $redirect_to Where to go afterwards.
	 * @param bool   $remember    "Remember me".
	 * @param bool   $interim     Whether it runs in wp-admin's "session expired" pop-up.
	 * @return array{id: string, key: string}|null The record's id and the browser's key, or null.
	 */
	public static function create( int $user_id, string $redirect_to, bool $remember, bool $interim = false ): ?array {
		try {
			$id  = bin2hex( random_bytes( 8 ) );
			$key = bin2hex( random_bytes( 32 ) );
		} catch ( \Exception $e ) {
			return null;
		}
		/**
		 * Filters how long a pending sign-in waits for its WhatsApp code, in seconds.
		 *
		 * @param int $lifetime Default 600.
		 */
		$lifetime       = max( 1, (int) apply_filters( 'authsignal_whatsapp_pending_login_lifetime', self::LIFETIME ) );
		$expires        = time() + $lifetime;
		$records        = self::all( $user_id );
		$records        = array_slice( $records, -( self::MAX_PER_USER - 1 ), null, true );
		$records[ $id ] = array(
			'id'          => $id,
			'hash'        => self::hash( $user_id, $expires, $key ),
			'expires'     => $expires,
			'attempt'     => '',
			'sends'       => 0,
			'failures'    => 0,
			'redirect_to' => $redirect_to,
			'remember'    => $remember,
			'interim'     => $interim,
		);
		return update_user_meta( $user_id, self::META, $records ) ? array(
			'id'  => $id,
			'key' => $key,
		) : null;
	}

	/**
	 * The pending sign-in the key opens, or null (wrong key, another user's key, expired,
	 * none). A wrong key leaves the user's pending sign-ins alone: anyone can post a user id
	 * with a made-up key, and that must not cancel a real sign-in.
	 *
	 * @param int    $user_id The user the browser claims.
	 * @param string $key     The browser's key.
	 * @return array<string, mixed>|null The record (id, expires, attempt, sends, failures, redirect_to, remember, interim).
	 */
	public static function open( int $user_id, string $key ): ?array {
		if ( '' === $key ) {
			return null;
		}
		foreach ( self::all( $user_id ) as $record ) {
			if ( hash_equals( (string) $record['hash'], self::hash( $user_id, (int) $record['expires'], $key ) ) ) {
				return $record;
			}
		}
		return null;
	}

	/**
	 * Changes fields of a pending sign-in (the attempt, the counts); false when it is gone.
	 *
	 * @param int                  $user_id The user.
	 * @param string               $id      The record's id.
	 * @param array<string, mixed> $changes Fields to set.
	 */
	public static function update( int $user_id, string $id, array $changes ): bool {
		$records = self::all( $user_id );
		if ( ! isset( $records[ $id ] ) ) {
			return false;
		}
		$records[ $id ] = array_merge( $records[ $id ], array_intersect_key( $changes, array_flip( array( 'attempt', 'token', 'sends', 'failures' ) ) ) );
		return (bool) update_user_meta( $user_id, self::META, $records );
	}

	/**
	 * Ends one pending sign-in of the user.
	 *
	 * @param int    $user_id The user.
	 * @param string $id      The record's id.
	 */
	public static function end( int $user_id, string $id ): void {
		$records = self::all( $user_id );
		unset( $records[ $id ] );
		if ( array() === $records ) {
			delete_user_meta( $user_id, self::META );
			return;
		}
		update_user_meta( $user_id, self::META, $records );
	}

	/**
	 * The user's pending sign-ins that have not expired, oldest first.
	 *
	 * @param int $user_id The user.
	 * @return array<string, array<string, mixed>>
	 */
	private static function all( int $user_id ): array {
		$stored = get_user_meta( $user_id, self::META, true );
		$now    = time();
		$valid  = array();
		foreach ( is_array( $stored ) ? $stored : array() as $id => $record ) {
			if ( is_array( $record ) && ! empty( $record['hash'] ) && (int) ( $record['expires'] ?? 0 ) > $now ) {
				$valid[ (string) $id ] = $record;
			}
		}
		return $valid;
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
