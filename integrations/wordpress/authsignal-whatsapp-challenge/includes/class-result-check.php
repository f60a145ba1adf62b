<?php
/**
 * The one place that decides whether a verified token lets a person through: Authsignal
 * says it is valid and succeeded, for this user and action (and sign-in attempt), and it
 * has not been used before.
 *
 * @package AuthsignalWhatsApp
 */

namespace AuthsignalWhatsApp;

defined( 'ABSPATH' ) || exit;

/**
 * Validates a result token with the Server API and applies the plugin's rules.
 */
final class Result_Check {

	/**
	 * The rules on an answer of `POST /validate`, with no I/O (unit-tested on their own).
	 *
	 * @param mixed       $result          The decoded answer.
	 * @param int         $user_id         The WordPress user who must have verified.
	 * @param string      $action          The action code it must be for.
	 * @param string|null $idempotency_key The tracked action it must be (the sign-in attempt), or null for any.
	 * @return true|\WP_Error
	 */
	public static function check_answer( $result, int $user_id, string $action, ?string $idempotency_key = null ) {
		if ( ! is_array( $result ) ) {
			return self::refuse( 'authsignal_invalid_response' );
		}
		if ( true !== ( $result['isValid'] ?? null ) ) {
			return self::refuse( 'authsignal_not_valid' );
		}
		if ( 'CHALLENGE_SUCCEEDED' !== ( $result['state'] ?? null ) ) {
			return self::refuse( 'authsignal_not_succeeded' );
		}
		if ( Server_API::user_id( $user_id ) !== ( $result['userId'] ?? null ) ) {
			return self::refuse( 'authsignal_other_user' );
		}
		if ( ( $result['actionCode'] ?? $result['action'] ?? null ) !== $action ) {
			return self::refuse( 'authsignal_other_action' );
		}
		if ( null !== $idempotency_key && ( ! is_string( $result['idempotencyKey'] ?? null ) || ! hash_equals( $idempotency_key, $result['idempotencyKey'] ) ) ) {
			return self::refuse( 'authsignal_other_attempt' );
		}
		return true;
	}

	/**
	 * Validates the token and checks the answer; on success the token is used up.
	 *
	 * @param mixed       $token           The posted token.
	 * @param int         $user_id         WordPress user id.
	 * @param string      $action          Action code.
	 * @param string|null $idempotency_key The sign-in attempt, or null.
	 * @return array<string, mixed>|\WP_Error The validate answer when the person may pass.
	 */
	public static function validate( $token, int $user_id, string $action, ?string $idempotency_key = null ) {
		if ( ! is_string( $token ) || '' === $token || strlen( $token ) > 8192 ) {
			return self::refuse( 'authsignal_no_token' );
		}
		$result = Server_API::validate( $token, $user_id, $action );
		if ( is_wp_error( $result ) ) {
			$status = (int) ( $result->get_error_data()['status'] ?? 0 );
			// Authsignal refused the token itself (forged, malformed): the person's problem, said
			// as for any refused token. Anything else (network, 5xx, no key): ours.
			if ( $status >= 400 && $status < 500 && 401 !== $status && 403 !== $status ) {
				return self::refuse( 'authsignal_token_refused' );
			}
			return new \WP_Error( 'authsignal_unavailable', __( 'The WhatsApp verification is unavailable right now. Please try again later.', 'authsignal-whatsapp-challenge' ) );
		}
		$verdict = self::check_answer( $result, $user_id, $action, $idempotency_key );
		if ( true !== $verdict ) {
			return $verdict;
		}
		if ( ! Used_Tokens::claim( $token ) ) {
			return self::refuse( 'authsignal_token_used' );
		}
		return $result;
	}

	/**
	 * A refusal, with one message for people (the code says why, for logs and tests).
	 *
	 * @param string $code Why.
	 */
	private static function refuse( string $code ): \WP_Error {
		return new \WP_Error( $code, __( 'The WhatsApp verification could not be confirmed. Please try again.', 'authsignal-whatsapp-challenge' ) );
	}
}
