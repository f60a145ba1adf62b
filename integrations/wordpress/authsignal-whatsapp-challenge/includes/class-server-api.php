<?php
/**
 * Authsignal's Server API, the two calls the plugin needs, over the WordPress HTTP API (no
 * Composer dependency): track an action, validate a challenge's result token.
 *
 * @package AuthsignalWhatsApp
 */

namespace AuthsignalWhatsApp;

defined( 'ABSPATH' ) || exit;

/**
 * Calls `POST /users/{userId}/actions/{action}` and `POST /validate` with HTTP Basic auth
 * (the secret key as user name, no password), as Authsignal's own SDKs do.
 */
final class Server_API {

	/**
	 * The Authsignal user id of a WordPress user. Filterable, for sites that already send
	 * Authsignal another id (an email, a UUID).
	 *
	 * @param int $user_id WordPress user id.
	 */
	public static function user_id( int $user_id ): string {
		/**
		 * Filters the user id sent to Authsignal for a WordPress user.
		 *
		 * @param string $authsignal_user_id Default: the WordPress user id.
		 * @param int    $user_id            The WordPress user id.
		 */
		return (string) apply_filters( 'authsignal_whatsapp_user_id', (string) $user_id, $user_id );
	}

	/**
	 * Tracks an action; the answer's `token` is what the element needs.
	 *
	 * @param int                  $user_id    WordPress user id.
	 * @param string               $action     Action code.
	 * @param array<string, mixed> $attributes Track attributes (phoneNumber, idempotencyKey, ...).
	 * @return array<string, mixed>|\WP_Error
	 */
	public static function track( int $user_id, string $action, array $attributes ) {
		$path   = '/users/' . rawurlencode( self::user_id( $user_id ) ) . '/actions/' . rawurlencode( $action );
		$answer = self::post( $path, $attributes );
		if ( ! is_wp_error( $answer ) && ( empty( $answer['token'] ) || ! is_string( $answer['token'] ) ) ) {
			return new \WP_Error( 'authsignal_invalid_response', __( 'Authsignal answered without a token.', 'authsignal-whatsapp-challenge' ) );
		}
		return $answer;
	}

	/**
	 * Validates a result token (the element's verified token).
	 *
	 * @param string $token   The token.
	 * @param int    $user_id WordPress user id it must belong to.
	 * @param string $action  Action code it must be for.
	 * @return array<string, mixed>|\WP_Error
	 */
	public static function validate( string $token, int $user_id, string $action ) {
		return self::post(
			'/validate',
			array(
				'token'  => $token,
				'userId' => self::user_id( $user_id ),
				'action' => $action,
			)
		);
	}

	/**
	 * One JSON POST to the Server API.
	 *
	 * @param string               $path Path under the API URL.
	 * @param array<string, mixed> $body JSON body.
	 * @return array<string, mixed>|\WP_Error
	 */
	private static function post( string $path, array $body ) {
		if ( ! Settings::is_configured() ) {
			return new \WP_Error( 'authsignal_not_configured', __( 'The Authsignal secret key is not set.', 'authsignal-whatsapp-challenge' ) );
		}
		$response = wp_remote_post(
			Settings::api_url() . $path,
			array(
				'timeout' => 10,
				'headers' => array(
					// phpcs:ignore WordPress.PHP.DiscouragedPHPFunctions.obfuscation_base64_encode -- HTTP Basic auth.
					'Authorization' => 'Basic ' . base64_encode( Settings::secret_key() . ':' ),
					'Content-Type'  => 'application/json',
					'Accept'        => 'application/json',
					'User-Agent'    => 'authsignal-whatsapp-challenge-wordpress/' . AUTHSIGNAL_WHATSAPP_VERSION,
				),
				'body'    => wp_json_encode( (object) $body ),
			)
		);
		if ( is_wp_error( $response ) ) {
			return $response;
		}
		$status = (int) wp_remote_retrieve_response_code( $response );
		$answer = json_decode( wp_remote_retrieve_body( $response ), true );
		if ( $status < 200 || $status >= 300 || ! is_array( $answer ) ) {
			$code = is_array( $answer ) && is_string( $answer['errorCode'] ?? $answer['error'] ?? null ) ? ( $answer['errorCode'] ?? $answer['error'] ) : 'http_' . $status;
			return new \WP_Error(
				'authsignal_api_error',
				__( 'Authsignal refused the request.', 'authsignal-whatsapp-challenge' ),
				array(
					'status' => $status,
					'error'  => $code,
				)
			);
		}
		return $answer;
	}
}
