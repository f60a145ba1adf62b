<?php
/**
 * One-time backup codes for the plugin's own sign-in step (without Two Factor): for a lost
 * phone, or when Authsignal cannot be reached. Each code is stored only as a password hash,
 * one user meta row per code, so using a code deletes exactly its row and two requests
 * cannot both use it. Generating new codes revokes the old ones.
 *
 * @package AuthsignalWhatsApp
 */

namespace AuthsignalWhatsApp;

defined( 'ABSPATH' ) || exit;

/**
 * Generates, counts and uses backup codes.
 */
final class Backup_Codes {

	/** User meta key: one row per unused code, its hash. */
	public const META = '_authsignal_whatsapp_backup_code';

	/** How many codes a set has. */
	public const COUNT = 10;

	/** Letters and digits that cannot be mistaken for one another. */
	private const ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';

	/**
	 * A new set of codes for the user (the old ones stop working). The plain codes are
	 * returned to be shown once; only their hashes are kept.
	 *
	 * @param int $user_id The user.
	 * @return string[] The codes, e.g. `k3fw-9qzm`.
	 */
	public static function generate( int $user_id ): array {
		delete_user_meta( $user_id, self::META );
		$codes = array();
		for ( $i = 0; $i < self::COUNT; $i++ ) {
			$code = '';
			for ( $j = 0; $j < 8; $j++ ) {
				$code .= self::ALPHABET[ random_int( 0, strlen( self::ALPHABET ) - 1 ) ];
			}
			$codes[] = substr( $code, 0, 4 ) . '-' . substr( $code, 4 );
			add_user_meta( $user_id, self::META, wp_hash_password( $code ) );
		}
		return $codes;
	}

	/**
	 * How many unused codes the user has.
	 *
	 * @param int $user_id The user.
	 */
	public static function remaining( int $user_id ): int {
		return count( self::hashes( $user_id ) );
	}

	/**
	 * Uses a code: true when it is one of the user's unused codes, which is then gone.
	 *
	 * @param int    $user_id The user.
	 * @param string $code    What the person typed (spaces, dashes and case do not matter).
	 */
	public static function verify( int $user_id, string $code ): bool {
		$code = strtolower( (string) preg_replace( '/[\s-]+/', '', $code ) );
		if ( 8 !== strlen( $code ) ) {
			return false;
		}
		foreach ( self::hashes( $user_id ) as $hash ) {
			if ( wp_check_password( $code, $hash, $user_id ) ) {
				// Deletes this row only; false when another request deleted it first.
				return delete_user_meta( $user_id, self::META, $hash );
			}
		}
		return false;
	}

	/**
	 * The stored hashes.
	 *
	 * @param int $user_id The user.
	 * @return string[]
	 */
	private static function hashes( int $user_id ): array {
		$hashes = get_user_meta( $user_id, self::META, false );
		return is_array( $hashes ) ? array_values( array_filter( $hashes, 'is_string' ) ) : array();
	}
}
