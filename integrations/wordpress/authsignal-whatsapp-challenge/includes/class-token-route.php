<?php
/**
 * The element's `token-url`: POST /wp-json/authsignal-whatsapp/v1/token tracks an action for
 * the signed-in user and answers `{ "token": "..." }`. WordPress's REST cookie check needs the
 * `_wpnonce` query argument (the element sends no custom headers), so a cross-site page
 * cannot get a token for the visitor.
 *
 * @package AuthsignalWhatsApp
 */

namespace AuthsignalWhatsApp;

defined( 'ABSPATH' ) || exit;

/**
 * Registers and answers the route.
 */
final class Token_Route {

	public const NAMESPACE = 'authsignal-whatsapp/v1';
	public const ROUTE     = '/token';

	/** Hooks. */
	public static function register_hooks(): void {
		add_action( 'rest_api_init', array( self::class, 'register_route' ) );
	}

	/** Registers the route. */
	public static function register_route(): void {
		register_rest_route(
			self::NAMESPACE,
			self::ROUTE,
			array(
				'methods'             => 'POST',
				'callback'            => array( self::class, 'answer' ),
				'permission_callback' => static fn() => is_user_logged_in(),
				'args'                => array(
					'authsignal_action' => array(
						'type'              => 'string',
						'required'          => false,
						'validate_callback' => static fn( $value ) => null !== Validation::page_action_code( $value ),
					),
				),
			)
		);
	}

	/**
	 * The token-url for an action, nonce included.
	 *
	 * @param string $action Action code.
	 */
	public static function url( string $action ): string {
		return add_query_arg(
			array(
				'authsignal_action' => rawurlencode( $action ),
				'_wpnonce'          => wp_create_nonce( 'wp_rest' ),
			),
			rest_url( self::NAMESPACE . self::ROUTE )
		);
	}

	/**
	 * Tracks the action and answers the token.
	 *
	 * @param \WP_REST_Request $request The request.
	 * @return \WP_REST_Response|\WP_Error
	 */
	public static function answer( \WP_REST_Request $request ) {
		$user_id = get_current_user_id();
		$action  = Validation::page_action_code( $request->get_param( 'authsignal_action' ) ?? Settings::default_action() );
		$phone   = Phone_Field::get( $user_id );
		if ( null === $action ) {
			return new \WP_Error( 'authsignal_invalid_action', __( 'Unknown action.', 'authsignal-whatsapp-challenge' ), array( 'status' => 400 ) );
		}
		if ( '' === $phone ) {
			return new \WP_Error( 'authsignal_no_phone', __( 'Add your WhatsApp number to your profile first.', 'authsignal-whatsapp-challenge' ), array( 'status' => 409 ) );
		}
		$tracked = Server_API::track(
			$user_id,
			$action,
			array(
				'phoneNumber' => $phone,
				'locale'      => Validation::language_tag( get_user_locale( $user_id ) ),
			)
		);
		if ( is_wp_error( $tracked ) ) {
			return new \WP_Error( 'authsignal_track_failed', __( 'Could not start the WhatsApp verification.', 'authsignal-whatsapp-challenge' ), array( 'status' => 502 ) );
		}
		$response = new \WP_REST_Response( array( 'token' => $tracked['token'] ) );
		$response->header( 'Cache-Control', 'no-store' );
		return $response;
	}
}
